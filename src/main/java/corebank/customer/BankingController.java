package corebank.customer;

import corebank.web.ProblemDetail;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import corebank.audit.AuditContext;
import corebank.identity.user.Role;
import corebank.ledger.Account;
import corebank.ledger.AccountKind;
import corebank.ledger.AccountNumber;
import corebank.ledger.IdempotencyRef;
import corebank.ledger.Ledger;
import corebank.ledger.LedgerException;
import corebank.ledger.Money;
import corebank.ledger.Movement;
import corebank.ledger.Views;
import corebank.payments.CustomerTransfers;
import corebank.platform.ErrorCode;
import corebank.platform.Pages;
import corebank.web.DecimalStringDeserializer;
import corebank.web.Origins;
import corebank.web.RequestPatterns;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

/**
 * The customer's own banking: their accounts, balances and history, and transfers from their
 * accounts to their own or another customer's account. Another customer's object answers 404,
 * exactly like one that does not exist, and the attempt is audited.
 */
@Controller("/api/v1")
@Secured(Role.CUSTOMER_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@corebank.web.ProblemResponses
@Tag(name = "customer: banking")
class BankingController {

    static final String CHANNEL = "customer-api";

    @Serdeable
    record AccountSummary(String number, String name, String currency, String balance, String available,
                          String status) {
        static AccountSummary of(Account a) {
            Currency c = a.currency();
            return new AccountSummary(a.number(), a.name(), c.getCurrencyCode(), Money.format(a.balanceMinor(), c),
                    Money.format(a.availableMinor(), c), a.status().name());
        }
    }

    /**
     * The other side of a history line, as a bank statement shows it: for a customer's account
     * (another customer's or the caller's own) its number and its name (the account name the bank
     * keeps, the "payer/payee name" of a statement); never the owner, balances or status. A
     * bank-internal account (equity, vault, clearing, settlement, fees, suspense) is shown as
     * {@code type BANK} without number or name: those are the bank's bookkeeping, not a party
     * the customer can pay, and the entry's description says what the movement was.
     */
    @Serdeable
    record Counterparty(String type, @Nullable String accountNumber, @Nullable String name) {
        static Counterparty of(@Nullable Views.Counterparty c) {
            if (c == null) {
                return null;
            }
            return c.kind() == AccountKind.CUSTOMER_DEPOSIT
                    ? new Counterparty("CUSTOMER", c.accountNumber(), c.name())
                    : new Counterparty("BANK", null, null);
        }
    }

    @Serdeable
    record HistoryLine(UUID entryId, String direction, String amount, String currency, String balanceAfter,
                       long sequence, Instant at, @Nullable String description, @Nullable @io.swagger.v3.oas.annotations.media.Schema(type = "object", nullable = true) Counterparty counterparty,
                       @Nullable String kind) {
        static HistoryLine of(Views.PostingView p) {
            return of(p, null, null, null);
        }

        /** {@code kind}: TRANSFER, CASH_DEPOSIT, CASH_WITHDRAWAL, ... (ledger.EntryKind). */
        static HistoryLine of(Views.HistoryLine line) {
            return of(line.posting(), line.description(), Counterparty.of(line.counterparty()), line.kind().name());
        }

        private static HistoryLine of(Views.PostingView p, String description, Counterparty counterparty, String kind) {
            Currency c = Currency.getInstance(p.currency());
            return new HistoryLine(p.entryId(), p.side() == corebank.ledger.Side.CREDIT ? "IN" : "OUT",
                    Money.format(p.amountMinor(), c), p.currency(), Money.format(p.balanceAfterMinor(), c),
                    p.accountSeq(), p.createdAt(), description, counterparty, kind);
        }
    }

    @Serdeable
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    record HistoryPage(List<HistoryLine> lines, @Nullable String nextCursor) {
    }

    @Serdeable
    record TransferRequest(String fromAccount, String toAccount,
                           @Serdeable.Deserializable(using = DecimalStringDeserializer.class) String amount,
                           String currency,
                           @Nullable @Size(max = 500, message = "at most 500 characters")
                           @Pattern(regexp = RequestPatterns.NO_CONTROL_CHARACTERS, message = "no control characters") String description) {
    }

    @Serdeable
    record TransferResponse(UUID entryId, String fromAccount, String toAccount, String amount, String currency,
                            @Nullable String description, Instant at) {
    }

    @Serdeable
    record EntryResponse(UUID id, String kind, @Nullable String description, Instant at, List<HistoryLine> ownLines) {
    }

    private final Ledger ledger;
    private final CustomerTransfers customerTransfers;
    private final OwnAccounts ownAccounts;

    BankingController(Ledger ledger, CustomerTransfers customerTransfers, OwnAccounts ownAccounts) {
        this.ledger = ledger;
        this.customerTransfers = customerTransfers;
        this.ownAccounts = ownAccounts;
    }

    @Serdeable
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    record AccountsPage(List<AccountSummary> accounts, @Nullable String nextCursor) {
    }

    @Get("/accounts{?cursor,limit}")
    @Operation(summary = "The customer's own accounts with balances, in opening order; a page at a time (limit 1 to 200, default 50): pass nextCursor as cursor")
    AccountsPage accounts(@Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit, HttpRequest<?> request) {
        Ledger.AccountsPage page = ledger.accounts(new Ledger.AccountFilter(OwnAccounts.owner(request), null, null, null, null),
                cursor, limit);
        return new AccountsPage(page.accounts().stream().map(AccountSummary::of).toList(), page.nextCursor());
    }

    @Get("/accounts/{accountNumber}")
    @Operation(summary = "One of the customer's own accounts")
    AccountSummary account(@PathVariable String accountNumber, HttpRequest<?> request) {
        return AccountSummary.of(ownAccounts.own(accountNumber, request, "accountNumber"));
    }

    @Get("/accounts/{accountNumber}/history{?from,to,direction,minAmount,maxAmount,cursor,limit}")
    @Operation(summary = "An own account's history, newest first, with the running balance, each line's description and "
            + "counterparty; filters: from (inclusive) and to (exclusive) as ISO-8601 instants, direction IN or OUT, "
            + "minAmount and maxAmount (inclusive decimal strings in the account's currency); a page at a time (limit 1 to 200, "
            + "default 50): pass nextCursor as cursor with the same filters")
    HistoryPage history(@PathVariable String accountNumber, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                        @Nullable @QueryValue String direction, @Nullable @QueryValue String minAmount,
                        @Nullable @QueryValue String maxAmount, @Nullable @QueryValue String cursor,
                        @Nullable @QueryValue Integer limit, HttpRequest<?> request) {
        Account account = ownAccounts.own(accountNumber, request, "accountNumber");
        Long before = Pages.sequence(cursor);
        Ledger.HistoryFilter filter = new Ledger.HistoryFilter(instant(from, "from"), instant(to, "to"), side(direction),
                minAmount == null ? null : Money.parseMinor(minAmount, account.currency(), "minAmount"),
                maxAmount == null ? null : Money.parseMinor(maxAmount, account.currency(), "maxAmount"));
        Views.HistoryPage page = ledger.history(account, filter, before, limit);
        return new HistoryPage(page.lines().stream().map(HistoryLine::of).toList(), Pages.sequenceCursor(page.nextBefore()));
    }

    /** An ISO-8601 instant with a zone ("2026-11-01T00:00:00Z" or "...+01:00"); a bare date is refused. */
    private static Instant instant(@Nullable String text, String field) {
        if (text == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED,
                    field + " must be an ISO-8601 instant such as 2026-11-01T00:00:00Z", field);
        }
    }

    private static corebank.ledger.Side side(@Nullable String direction) {
        if (direction == null) {
            return null;
        }
        return switch (direction) {
            case "IN" -> corebank.ledger.Side.CREDIT;
            case "OUT" -> corebank.ledger.Side.DEBIT;
            default -> throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED, "direction must be IN or OUT", "direction");
        };
    }

    @Get("/entries/{entryId}")
    @Operation(summary = "A journal entry that touches one of the customer's accounts; only those lines are shown")
    EntryResponse entry(@PathVariable UUID entryId, HttpRequest<?> request) {
        List<String> mine = ledger.accountsOwnedBy(OwnAccounts.owner(request)).stream().map(Account::number).toList();
        Views.EntryView entry;
        try {
            entry = ledger.entry(entryId);
        } catch (LedgerException e) {
            throw ownAccounts.notYours(request, "ENTRY", entryId.toString(), "entryId");
        }
        List<HistoryLine> lines = entry.postings().stream().filter(p -> mine.contains(p.accountNumber()))
                .map(HistoryLine::of).toList();
        if (lines.isEmpty()) {
            throw ownAccounts.notYours(request, "ENTRY", entryId.toString(), "entryId");
        }
        return new EntryResponse(entry.id(), entry.kind().name(), entry.description(), entry.createdAt(), lines);
    }

    @Post("/transfers")
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @Operation(summary = "Transfer from an own account to an own account or another customer's account number (idempotent)")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: idempotency_conflict",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Refused by a business rule: insufficient_funds, account_frozen, account_closed, currency_mismatch, limit_exceeded",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    HttpResponse<TransferResponse> transfer(@Valid @Body TransferRequest body,
                                            @corebank.web.IdempotencyKeyRequired @Header(value = IdempotencyRef.HEADER, defaultValue = "") String idempotencyKey,
                                            HttpRequest<?> request) {
        AuditContext context = Origins.of(request, CHANNEL);
        IdempotencyRef ref = IdempotencyRef.of(context.actor(), idempotencyKey);
        Movement movement = new Movement(AccountNumber.parse(body.fromAccount(), "fromAccount"),
                AccountNumber.parse(body.toAccount(), "toAccount"), Money.parse(body.amount(), body.currency(), "amount"),
                body.description());
        CustomerTransfers.Transferred done = customerTransfers.transfer(OwnAccounts.owner(request), movement, ref, context);
        Views.EntryView entry = done.entry();
        Views.PostingView debit = entry.postings().get(0);
        MutableHttpResponse<TransferResponse> response = HttpResponse.created(new TransferResponse(entry.id(),
                body.fromAccount(), body.toAccount(), Money.format(debit.amountMinor(), Currency.getInstance(debit.currency())),
                debit.currency(), entry.description(), entry.createdAt()));
        if (done.replayed()) {
            response.header(corebank.web.Problems.IDEMPOTENT_REPLAYED, "true");
        }
        return response;
    }
}
