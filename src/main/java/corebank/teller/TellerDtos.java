package corebank.teller;

import com.fasterxml.jackson.annotation.JsonInclude;
import corebank.ledger.Account;
import corebank.ledger.AccountKind;
import corebank.ledger.AccountProduct;
import corebank.ledger.Money;
import corebank.ledger.Views;
import corebank.web.DecimalStringDeserializer;
import corebank.web.RequestPatterns;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of the teller API. Amounts are decimal strings, never floats. */
final class TellerDtos {

    private TellerDtos() {
    }

    @Serdeable
    record OpenAccountRequest(@NotNull(message = "required") AccountKind kind, String currency,
                              @NotBlank(message = "required") @Size(max = 200, message = "at most 200 characters")
                              @Pattern(regexp = RequestPatterns.NO_CONTROL_CHARACTERS, message = "no control characters") String name,
                              @Size(max = 100, message = "at most 100 characters")
                              @Pattern(regexp = RequestPatterns.PRESENT_NO_CONTROL_CHARACTERS,
                                      message = "not blank, without control characters") String ownerRef,
                              Boolean debitsMustNotExceedCredits, Boolean creditsMustNotExceedDebits,
                              @Serdeable.Deserializable(using = DecimalStringDeserializer.class) String overdraftLimit,
                              @io.micronaut.core.annotation.Nullable @io.swagger.v3.oas.annotations.media.Schema(type = "object", nullable = true) AccountProduct product) {
    }

    @Serdeable
    record TransferRequest(String debitAccount, String creditAccount, @Serdeable.Deserializable(using = DecimalStringDeserializer.class) String amount, String currency,
                           @Size(max = 500, message = "at most 500 characters")
                           @Pattern(regexp = RequestPatterns.NO_CONTROL_CHARACTERS, message = "no control characters") String description) {
    }

    @Serdeable
    record BatchTransfer(@io.micronaut.core.annotation.Nullable String idempotencyKey, String debitAccount, String creditAccount,
                         @Serdeable.Deserializable(using = DecimalStringDeserializer.class) String amount, String currency,
                         @io.micronaut.core.annotation.Nullable String description) {
    }

    /**
     * Up to corebank.ledger.api-batch-max transfers (a setting, so the ledger checks the maximum);
     * linked = all or nothing. The transfers are not validated here: in an independent batch each
     * one's refusal is its own result, not the request's.
     */
    @Serdeable
    record BatchRequest(@io.micronaut.core.annotation.Nullable Boolean linked,
                        @NotEmpty(message = "a batch carries at least one transfer") List<BatchTransfer> transfers) {
    }

    /** One transfer's result: 201 with its entry, or its refusal's status and problem. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BatchResult(int index, int status, UUID entryId, String code, String detail, String field, Boolean replayed) {
    }

    @Serdeable
    record BatchResponse(boolean linked, boolean allApplied, List<BatchResult> results) {
    }

    @Serdeable
    record HoldRequest(String debitAccount, String creditAccount, @Serdeable.Deserializable(using = DecimalStringDeserializer.class) String amount, String currency,
                       @Positive(message = "at least 1") Long timeoutSeconds,
                       @Size(max = 500, message = "at most 500 characters")
                       @Pattern(regexp = RequestPatterns.NO_CONTROL_CHARACTERS, message = "no control characters") String description) {
    }

    /** Posts a hold; without an amount, in full. */
    @Serdeable
    record PostHoldRequest(@Serdeable.Deserializable(using = DecimalStringDeserializer.class) String amount) {
    }

    @Serdeable
    record ReversalRequest(@NotBlank(message = "required") @Size(max = 500, message = "at most 500 characters")
                           @Pattern(regexp = RequestPatterns.NO_CONTROL_CHARACTERS, message = "no control characters") String reason) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AccountResponse(String number, AccountKind kind, String currency, String name, String ownerRef,
                           String status, boolean debitsMustNotExceedCredits, boolean creditsMustNotExceedDebits,
                           String overdraftLimit, Balances balances, Instant createdAt, @io.micronaut.core.annotation.Nullable @io.swagger.v3.oas.annotations.media.Schema(description = "CURRENT or SAVINGS for a customer deposit, null for a bank account") String product) {
        static AccountResponse of(Account a) {
            Currency c = a.currency();
            return new AccountResponse(a.number(), a.kind(), c.getCurrencyCode(), a.name(), a.ownerRef(),
                    a.status().name(), a.debitsMustNotExceedCredits(), a.creditsMustNotExceedDebits(),
                    Money.format(a.overdraftLimitMinor(), c), Balances.of(a), a.createdAt(),
                    a.product() == null ? null : a.product().name());
        }
    }

    /** A page of accounts; pass nextCursor as cursor for the next one (null on the last page). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AccountsPageResponse(List<AccountResponse> accounts, @io.micronaut.core.annotation.Nullable String nextCursor) {
    }

    /** The customer who owns an account, as the account's detail names them. */
    @Serdeable
    record OwnerResponse(String customerNumber, String legalName, String kycStatus) {
    }

    /**
     * An account's detail: the fields of {@link AccountResponse}, plus its owner (null for a
     * bank-internal account), its pending holds and its most recent postings (newest first).
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AccountDetailResponse(String number, AccountKind kind, String currency, String name, String ownerRef,
                                 String status, boolean debitsMustNotExceedCredits, boolean creditsMustNotExceedDebits,
                                 String overdraftLimit, Balances balances, Instant createdAt, @io.micronaut.core.annotation.Nullable @io.swagger.v3.oas.annotations.media.Schema(description = "CURRENT or SAVINGS for a customer deposit, null for a bank account") String product,
                                 OwnerResponse owner, List<HoldResponse> pendingHolds, List<PostingResponse> recentPostings) {
        static AccountDetailResponse of(Account a, OwnerResponse owner, List<Views.HoldView> holds,
                                        List<Views.PostingView> postings) {
            AccountResponse r = AccountResponse.of(a);
            return new AccountDetailResponse(r.number(), r.kind(), r.currency(), r.name(), r.ownerRef(), r.status(),
                    r.debitsMustNotExceedCredits(), r.creditsMustNotExceedDebits(), r.overdraftLimit(), r.balances(),
                    r.createdAt(), r.product(), owner, holds.stream().map(HoldResponse::of).toList(),
                    postings.stream().map(PostingResponse::of).toList());
        }
    }

    /** {@code balance} is on the account's normal side; {@code available} also deducts holds. */
    @Serdeable
    record Balances(String balance, String available, String debitsPosted, String creditsPosted,
                    String debitsPending, String creditsPending) {
        static Balances of(Account a) {
            Currency c = a.currency();
            return new Balances(Money.format(a.balanceMinor(), c), Money.format(a.availableMinor(), c),
                    Money.format(a.debitsPostedMinor(), c), Money.format(a.creditsPostedMinor(), c),
                    Money.format(a.debitsPendingMinor(), c), Money.format(a.creditsPendingMinor(), c));
        }
    }

    @Serdeable
    record PostingResponse(UUID entryId, int index, String account, String side, String amount, String currency,
                           long sequence, String balanceAfter, Instant createdAt) {
        static PostingResponse of(Views.PostingView p) {
            Currency c = Currency.getInstance(p.currency());
            return new PostingResponse(p.entryId(), p.index(), p.accountNumber(), p.side().name(),
                    Money.format(p.amountMinor(), c), p.currency(), p.accountSeq(),
                    Money.format(p.balanceAfterMinor(), c), p.createdAt());
        }
    }

    @Serdeable
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    record PostingsPageResponse(List<PostingResponse> postings, @io.micronaut.core.annotation.Nullable String nextCursor) {
        static PostingsPageResponse of(Views.PostingsPage page) {
            return new PostingsPageResponse(page.postings().stream().map(PostingResponse::of).toList(),
                    corebank.platform.Pages.sequenceCursor(page.nextBefore()));
        }
    }

    @Serdeable
    record EntryResponse(UUID id, String kind, @io.micronaut.core.annotation.Nullable String description, @io.micronaut.core.annotation.Nullable UUID reversesEntryId, @io.micronaut.core.annotation.Nullable UUID reversedByEntryId,
                         @io.micronaut.core.annotation.Nullable UUID holdId, String actor, String requestId, Instant createdAt, List<PostingResponse> postings) {
        static EntryResponse of(Views.EntryView e) {
            return new EntryResponse(e.id(), e.kind().name(), e.description(), e.reversesEntryId(), e.reversedByEntryId(),
                    e.holdId(), e.actor(), e.requestId(), e.createdAt(),
                    e.postings().stream().map(PostingResponse::of).toList());
        }
    }

    @Serdeable
    record HoldResponse(UUID id, String debitAccount, String creditAccount, String amount, String currency,
                        String status, @io.micronaut.core.annotation.Nullable String postedAmount, @io.micronaut.core.annotation.Nullable UUID entryId, Instant expiresAt, Instant createdAt,
                        @io.micronaut.core.annotation.Nullable Instant resolvedAt, @io.micronaut.core.annotation.Nullable String description) {
        static HoldResponse of(Views.HoldView h) {
            Currency c = Currency.getInstance(h.currency());
            return new HoldResponse(h.id(), h.debitAccount(), h.creditAccount(), Money.format(h.amountMinor(), c),
                    h.currency(), h.status().name(),
                    h.postedAmountMinor() == null ? null : Money.format(h.postedAmountMinor(), c),
                    h.entryId(), h.expiresAt(), h.createdAt(), h.resolvedAt(), h.description());
        }
    }

    @Serdeable
    record TrialBalanceLineResponse(String currency, String debitsPosted, String creditsPosted, String debitsPending,
                                    String creditsPending, long accounts, boolean balanced) {
        static TrialBalanceLineResponse of(Views.TrialBalanceLine l) {
            Currency c = Currency.getInstance(l.currency());
            return new TrialBalanceLineResponse(l.currency(), Money.format(l.debitsPostedMinor(), c),
                    Money.format(l.creditsPostedMinor(), c), Money.format(l.debitsPendingMinor(), c),
                    Money.format(l.creditsPendingMinor(), c), l.accounts(), l.balanced());
        }
    }

    @Serdeable
    record TrialBalanceResponse(boolean balanced, List<TrialBalanceLineResponse> currencies) {
    }
}
