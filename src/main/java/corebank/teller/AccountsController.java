package corebank.teller;

import corebank.web.ProblemDetail;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import corebank.approvals.ApprovalRequest;
import corebank.approvals.Approvals;
import corebank.approvals.CloseWithBalanceOperation;
import corebank.approvals.OverdraftRaiseOperation;
import corebank.approvals.UnfreezeOperation;
import corebank.ledger.IdempotencyRef;
import corebank.ledger.Movement;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Put;
import corebank.ledger.AccountNumber;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;
import corebank.customers.Customers;
import corebank.ledger.Account;
import corebank.ledger.AccountKind;
import corebank.ledger.AccountProduct;
import corebank.teller.TellerDtos.AccountDetailResponse;
import corebank.teller.TellerDtos.AccountsPageResponse;
import corebank.teller.TellerDtos.OwnerResponse;
import corebank.ledger.AccountStatus;
import corebank.ledger.Ledger;
import corebank.teller.TellerDtos.AccountResponse;
import corebank.teller.TellerDtos.OpenAccountRequest;
import corebank.teller.TellerDtos.PostingsPageResponse;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import corebank.identity.user.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@Controller("/internal/v1/accounts")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Role.TELLER_NAME, Role.SUPERVISOR_NAME})
@corebank.web.ProblemResponses
@Tag(name = "teller: accounts")
class AccountsController {

    private final Ledger ledger;
    private final Approvals approvals;
    private final UnfreezeOperation unfreeze;
    private final OverdraftRaiseOperation overdraftRaise;
    private final CloseWithBalanceOperation closeWithBalance;
    private final Customers customers;

    AccountsController(Ledger ledger, Approvals approvals, UnfreezeOperation unfreeze, OverdraftRaiseOperation overdraftRaise,
                       CloseWithBalanceOperation closeWithBalance, Customers customers) {
        this.ledger = ledger;
        this.approvals = approvals;
        this.unfreeze = unfreeze;
        this.overdraftRaise = overdraftRaise;
        this.closeWithBalance = closeWithBalance;
        this.customers = customers;
    }

    @Serdeable
    record OverdraftRequest(@Nullable String limit, @Nullable String reason) {
    }

    @Serdeable
    record CloseRequest(@Nullable String destinationAccount, @Nullable String reason) {
    }

    @Serdeable
    record ReasonRequest(@Nullable String reason) {
    }

    @Post
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @Operation(summary = "Open an account (customer deposit or bank-internal)")
    @ApiResponse(responseCode = "422", description = "Refused by a business rule: unknown_customer",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.BodyRefusals
    HttpResponse<AccountResponse> open(@Valid @Body OpenAccountRequest body, HttpRequest<?> request) {
        var account = ledger.openAccount(new Ledger.NewAccount(body.kind(), body.currency(), body.name(), body.ownerRef(),
                body.debitsMustNotExceedCredits(), body.creditsMustNotExceedDebits(), body.overdraftLimit(), body.product()),
                Callers.context(request));
        return HttpResponse.created(AccountResponse.of(account));
    }

    @Get("{?customer,status,currency,product,kind,cursor,limit}")
    @Operation(summary = "List accounts in opening order, filtered by customer (number or customerRef), status, currency, product and kind; a page at a time (pass nextCursor as cursor)")
    AccountsPageResponse list(@Nullable @QueryValue String customer, @Nullable @QueryValue String status,
                              @Nullable @QueryValue String currency, @Nullable @QueryValue String product,
                              @Nullable @QueryValue String kind, @Nullable @QueryValue String cursor,
                              @Nullable @QueryValue Integer limit) {
        Ledger.AccountFilter filter = new Ledger.AccountFilter(customer == null ? null : customers.ownerRef(customer, "customer"),
                status == null ? null : parse(AccountStatus.class, status, "status"),
                currency == null ? null : corebank.ledger.Money.currency(currency, "currency"),
                product == null ? null : AccountProduct.parse(product, "product"),
                kind == null ? null : parse(AccountKind.class, kind, "kind"));
        Ledger.AccountsPage page = ledger.accounts(filter, cursor, limit);
        return new AccountsPageResponse(page.accounts().stream().map(AccountResponse::of).toList(), page.nextCursor());
    }

    @Get("/{accountNumber}")
    @Operation(summary = "An account with its posted, pending and available balances, its owner customer, product, pending holds and most recent postings")
    AccountDetailResponse get(@PathVariable String accountNumber) {
        AccountNumber number = AccountNumber.parse(accountNumber, "accountNumber");
        Account account = ledger.account(number);
        OwnerResponse owner = customers.byRef(account.ownerRef())
                .map(c -> new OwnerResponse(c.number(), c.legalName(), c.kycStatus().name())).orElse(null);
        return AccountDetailResponse.of(account, owner, ledger.pendingHolds(account, DETAIL_ITEMS_MAX),
                ledger.postings(number, null, DETAIL_ITEMS_MAX).postings());
    }

    /** How many pending holds and recent postings an account's detail shows (the rest: /postings). */
    private static final int DETAIL_ITEMS_MAX = 10;

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(value)) {
                return e;
            }
        }
        throw new corebank.ledger.LedgerException(corebank.platform.ErrorCode.VALIDATION_FAILED,
                field + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()), field);
    }

    @Get("/{accountNumber}/postings{?cursor,limit}")
    @Operation(summary = "An account's postings, newest first, with the running balance; a page at a time (limit 1 to 200, default 50): pass nextCursor as cursor")
    PostingsPageResponse postings(@PathVariable String accountNumber, @Nullable @QueryValue String cursor,
                                  @Nullable @QueryValue Integer limit) {
        Long before = corebank.platform.Pages.sequence(cursor);
        return PostingsPageResponse.of(ledger.postings(AccountNumber.parse(accountNumber, "accountNumber"), before, limit));
    }

    @Post("/{accountNumber}/freeze")
    @Operation(summary = "Freeze an account: no money moves in or out until it is unfrozen")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: invalid_state_transition",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    AccountResponse freeze(@PathVariable String accountNumber, HttpRequest<?> request) {
        return AccountResponse.of(ledger.changeStatus(AccountNumber.parse(accountNumber, "accountNumber"), AccountStatus.FROZEN, Callers.context(request)));
    }

    @Post("/{accountNumber}/unfreeze")
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.ACCEPTED)
    @Operation(summary = "Ask to unfreeze an account: 202 with an approval request that a supervisor (not the maker) decides")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: approval_pending, invalid_state_transition",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    HttpResponse<ApprovalRequest> unfreeze(@PathVariable String accountNumber, @Nullable @Body ReasonRequest body,
                                           HttpRequest<?> request) {
        String number = AccountNumber.parse(accountNumber, "accountNumber").value();
        return HttpResponse.accepted().body(approvals.submit(unfreeze, Map.of("accountNumber", number),
                body == null || body.reason() == null ? "unfreeze" : body.reason(), null, null, Callers.context(request)).request());
    }

    @Put("/{accountNumber}/overdraft-limit")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "Lowered at once", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = io.micronaut.http.MediaType.APPLICATION_JSON, schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = AccountResponse.class)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "A raise: an approval request", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = io.micronaut.http.MediaType.APPLICATION_JSON, schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = ApprovalRequest.class)))
    @Operation(summary = "Set an account's overdraft limit: lowering it applies at once (200); raising it answers 202 with an approval request that a supervisor decides")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: approval_pending",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Refused by a business rule: account_closed, limit_exceeded",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    HttpResponse<?> overdraftLimit(@PathVariable String accountNumber, @Body OverdraftRequest body, HttpRequest<?> request) {
        AccountNumber number = AccountNumber.parse(accountNumber, "accountNumber");
        var account = ledger.account(number);
        if (ledger.overdraftMinor(account, body.limit()) > account.overdraftLimitMinor()) {
            return HttpResponse.accepted().body(approvals.submit(overdraftRaise,
                    Map.of("accountNumber", number.value(), "limit", body.limit()),
                    body.reason() == null ? "overdraft raise" : body.reason(), null, null, Callers.context(request)).request());
        }
        return HttpResponse.ok(AccountResponse.of(ledger.setOverdraftLimit(number, body.limit(), Callers.context(request))));
    }

    @Post("/{accountNumber}/close")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "Closed at once", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = io.micronaut.http.MediaType.APPLICATION_JSON, schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = AccountResponse.class)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "Holds money: an approval request", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = io.micronaut.http.MediaType.APPLICATION_JSON, schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = ApprovalRequest.class)))
    @Operation(summary = "Close an account (final). An empty one closes at once (200); one that still holds money needs destinationAccount: 202 with an approval request, its balance held towards the destination, moved there and the account closed once a supervisor approves (Idempotency-Key required)")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: account_not_empty, approval_pending, invalid_state_transition, idempotency_conflict",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    HttpResponse<?> close(@PathVariable String accountNumber, @Nullable @Body CloseRequest body,
                          @corebank.web.IdempotencyKeyOptional @Nullable @Header(IdempotencyRef.HEADER) String idempotencyKey, HttpRequest<?> request) {
        AccountNumber number = AccountNumber.parse(accountNumber, "accountNumber");
        if (body != null && body.destinationAccount() != null) {
            AccountNumber destination = AccountNumber.parse(body.destinationAccount(), "destinationAccount");
            var account = ledger.account(number);
            if (account.balanceMinor() != 0 || account.debitsPendingMinor() != 0 || account.creditsPendingMinor() != 0) {
                IdempotencyRef ref = Callers.idempotency(request, idempotencyKey);
                Movement emptying = closeWithBalance.emptying(account, destination);
                return MoneyMovementController.accepted(approvals.submit(closeWithBalance,
                        CloseWithBalanceOperation.parameters(emptying), body.reason() == null ? "account closure" : body.reason(),
                        CloseWithBalanceOperation.held(emptying), ref.key(), Callers.context(request)));
            }
        }
        return HttpResponse.ok(AccountResponse.of(ledger.changeStatus(number, AccountStatus.CLOSED, Callers.context(request))));
    }
}
