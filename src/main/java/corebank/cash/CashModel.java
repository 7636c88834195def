package corebank.cash;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

/** The cash desk's read models. Amounts are minor units of the till's currency. */
public final class CashModel {

    private CashModel() {
    }

    /** A currency's vault and over/short account. */
    public record CashCurrency(Currency currency, String vaultAccount, String overShortAccount, Instant createdAt) {
    }

    /** A teller's till: its own TILL account in one currency; {@code openDayId} is null while closed. */
    public record Till(long id, UUID tellerUserId, String tellerUsername, Currency currency, String account, Instant createdAt,
                       Long openDayId) {
    }

    /**
     * A till's day. {@code openingExpectedMinor} and {@code closingExpectedMinor} are what the books
     * said the drawer held (the till's balance plus differences still awaiting approval).
     */
    public record TillDay(long id, long tillId, Currency currency, TillDayStatus status, Instant openedAt, String openedBy,
                          long openingCountedMinor, long openingExpectedMinor, Instant closedAt, String closedBy,
                          Long closingCountedMinor, Long closingExpectedMinor, List<Difference> differences) {
    }

    /** OPENING or CLOSING. */
    public enum Stage { OPENING, CLOSING }

    /** A counted difference: counted minus expected (positive: more cash than the books say). */
    public record Difference(long id, long tillDayId, Currency currency, Stage stage, long amountMinor, String note, DifferenceStatus status,
                             String recordedBy, Instant recordedAt, UUID entryId, String postedBy, Instant postedAt) {
    }

    /** One cash movement of a day, from the till's side: positive when cash came into the till. */
    public record Movement(long id, long tillDayId, corebank.ledger.EntryKind kind, UUID entryId, String counterparty,
                           long signedMinor, String description, String actor, Instant createdAt) {
    }

    /** A cash movement just made: the movement and the till's balance after it. */
    public record Receipt(Movement movement, Currency currency, long tillBalanceMinor, boolean replayed) {
    }
}
