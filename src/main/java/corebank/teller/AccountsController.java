package corebank.teller;

import corebank.customers.Customers;
import corebank.ledger.Account;
import corebank.ledger.AccountKind;
import corebank.ledger.AccountNumber;
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
@Tag(name = "teller: accounts")
class AccountsController {

    private final Ledger ledger;
    private final Customers customers;

    AccountsController(Ledger ledger, Customers customers) {
        this.ledger = ledger;
        this.customers = customers;
    }

    @Post
    @Operation(summary = "Open an account (customer deposit or bank-internal)")
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

    @Get("/{accountNumber}/postings{?before,limit}")
    @Operation(summary = "An account's postings, newest first, with the running balance (keyset pagination: pass nextBefore as before)")
    PostingsPageResponse postings(@PathVariable String accountNumber, @Nullable @QueryValue Long before,
                                  @Nullable @QueryValue Integer limit) {
        return PostingsPageResponse.of(ledger.postings(AccountNumber.parse(accountNumber, "accountNumber"), before, limit));
    }

    @Post("/{accountNumber}/freeze")
    @Operation(summary = "Freeze an account: no money moves in or out until it is unfrozen")
    AccountResponse freeze(@PathVariable String accountNumber, HttpRequest<?> request) {
        return AccountResponse.of(ledger.changeStatus(AccountNumber.parse(accountNumber, "accountNumber"), AccountStatus.FROZEN, Callers.context(request)));
    }

    @Post("/{accountNumber}/unfreeze")
    @Operation(summary = "Unfreeze an account")
    AccountResponse unfreeze(@PathVariable String accountNumber, HttpRequest<?> request) {
        return AccountResponse.of(ledger.changeStatus(AccountNumber.parse(accountNumber, "accountNumber"), AccountStatus.ACTIVE, Callers.context(request)));
    }

    @Post("/{accountNumber}/close")
    @Operation(summary = "Close an empty account (final)")
    AccountResponse close(@PathVariable String accountNumber, HttpRequest<?> request) {
        return AccountResponse.of(ledger.changeStatus(AccountNumber.parse(accountNumber, "accountNumber"), AccountStatus.CLOSED, Callers.context(request)));
    }
}
