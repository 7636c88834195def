package corebank.teller;

import com.fasterxml.jackson.annotation.JsonInclude;
import corebank.cash.CashModel;
import corebank.cash.DifferenceStatus;
import corebank.cash.TillDayStatus;
import corebank.cash.VaultTransfer;
import corebank.ledger.EntryKind;
import corebank.ledger.Money;
import corebank.web.DecimalStringDeserializer;
import corebank.web.RequestPatterns;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of the cash desk routes. Amounts are decimal strings in the till's currency. */
final class CashDtos {

    private CashDtos() {
    }

    @Serdeable
    record CurrencyRequest(String currency, @Nullable String vaultAccount) {
    }

    @Serdeable
    record CurrencyResponse(String currency, String vaultAccount, String overShortAccount, Instant createdAt) {
        static CurrencyResponse of(CashModel.CashCurrency c) {
            return new CurrencyResponse(c.currency().getCurrencyCode(), c.vaultAccount(), c.overShortAccount(), c.createdAt());
        }
    }

    @Serdeable
    record TillRequest(String teller, String currency) {
    }

    /** A till; {@code balance} is its book balance, {@code openDayId} absent while its day is closed. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TillResponse(long id, String teller, String currency, String account, String balance, Long openDayId,
                        Instant createdAt) {
        static TillResponse of(CashModel.Till t, long balanceMinor) {
            return new TillResponse(t.id(), t.tellerUsername(), t.currency().getCurrencyCode(), t.account(),
                    Money.format(balanceMinor, t.currency()), t.openDayId(), t.createdAt());
        }
    }

    @Serdeable
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    record TillList(List<TillResponse> tills, @Nullable String nextCursor) {
    }

    @Serdeable
    record CountRequest(@Serdeable.Deserializable(using = DecimalStringDeserializer.class) String countedAmount,
                        @Nullable @Size(max = 500, message = "at most 500 characters")
                        @Pattern(regexp = RequestPatterns.NO_CONTROL_CHARACTERS, message = "no control characters") String note) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DifferenceResponse(long id, long tillDayId, String stage, String amount, String currency, String note,
                              DifferenceStatus status, String recordedBy, Instant recordedAt, UUID entryId, String postedBy,
                              Instant postedAt, UUID approvalRequestId) {
        static DifferenceResponse of(CashModel.Difference d) {
            return of(d, null);
        }

        /** With the approval request that decides it (null: none waits). */
        static DifferenceResponse of(CashModel.Difference d, UUID approvalRequestId) {
            Currency currency = d.currency();
            return new DifferenceResponse(d.id(), d.tillDayId(), d.stage().name(), Money.format(d.amountMinor(), currency),
                    currency.getCurrencyCode(), d.note(), d.status(), d.recordedBy(), d.recordedAt(), d.entryId(), d.postedBy(),
                    d.postedAt(), approvalRequestId);
        }
    }

    @Serdeable
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    record DifferenceList(List<DifferenceResponse> differences, @Nullable String nextCursor) {
    }

    /** A till's day: counts and what the books expected (balance plus differences awaiting approval). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DayResponse(long id, long tillId, TillDayStatus status, String currency, Instant openedAt, String openedBy,
                       String openingCounted, String openingExpected, Instant closedAt, String closedBy, String closingCounted,
                       String closingExpected, List<DifferenceResponse> differences) {
        static DayResponse of(CashModel.TillDay d) {
            Currency currency = d.currency();
            return new DayResponse(d.id(), d.tillId(), d.status(), currency.getCurrencyCode(), d.openedAt(), d.openedBy(),
                    Money.format(d.openingCountedMinor(), currency), Money.format(d.openingExpectedMinor(), currency),
                    d.closedAt(), d.closedBy(), format(d.closingCountedMinor(), currency), format(d.closingExpectedMinor(), currency),
                    d.differences().stream().map(DifferenceResponse::of).toList());
        }

        private static String format(Long minor, Currency currency) {
            return minor == null ? null : Money.format(minor, currency);
        }
    }

    @Serdeable
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    record DayList(List<DayResponse> days, @Nullable String nextCursor) {
    }

    @Serdeable
    record CashRequest(String account, @Serdeable.Deserializable(using = DecimalStringDeserializer.class) String amount,
                       String currency,
                       @Nullable @Size(max = 500, message = "at most 500 characters")
                       @Pattern(regexp = RequestPatterns.NO_CONTROL_CHARACTERS, message = "no control characters") String description) {
    }

    @Serdeable
    record VaultTransferRequest(VaultTransfer.Direction direction,
                                @Serdeable.Deserializable(using = DecimalStringDeserializer.class) String amount, String currency,
                                @Nullable @Size(max = 500, message = "at most 500 characters")
                                @Pattern(regexp = RequestPatterns.NO_CONTROL_CHARACTERS, message = "no control characters")
                                String description) {
    }

    /**
     * A cash movement: {@code amount} is positive; {@code tillAmount} signed from the till's side
     * (positive: cash came in); {@code tillBalance} the till's book balance after it.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MovementResponse(long id, long tillId, long tillDayId, EntryKind kind, UUID entryId, String account, String amount,
                            String tillAmount, String currency, String tillBalance, String description, Instant createdAt) {
        static MovementResponse of(long tillId, CashModel.Receipt r) {
            Currency currency = r.currency();
            CashModel.Movement m = r.movement();
            return new MovementResponse(m.id(), tillId, m.tillDayId(), m.kind(), m.entryId(), m.counterparty(),
                    Money.format(Math.abs(m.signedMinor()), currency), Money.format(m.signedMinor(), currency),
                    currency.getCurrencyCode(), Money.format(r.tillBalanceMinor(), currency), m.description(), m.createdAt());
        }
    }
}
