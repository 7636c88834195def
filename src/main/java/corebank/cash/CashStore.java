package corebank.cash;

import corebank.cash.CashModel.CashCurrency;
import corebank.cash.CashModel.Difference;
import corebank.cash.CashModel.Movement;
import corebank.cash.CashModel.Stage;
import corebank.cash.CashModel.Till;
import corebank.cash.CashModel.TillDay;
import corebank.ledger.EntryKind;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.Record;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** All SQL of the cash desk (db/changes/013-cash.sql). States in WHERE clauses are literals (partial indexes). */
@Singleton
class CashStore {

    private static final String TILL = """
            SELECT t.id, t.teller_user_id, t.teller_username, t.currency, t.account, t.created_at,
                   (SELECT d.id FROM till_days d WHERE d.till_id = t.id AND d.status = 'OPEN') AS open_day_id
              FROM tills t""";
    private static final String DAY = """
            SELECT id, till_id, status, opened_at, opened_by, opening_counted_minor, opening_expected_minor,
                   closed_at, closed_by, closing_counted_minor, closing_expected_minor,
                   (SELECT t.currency FROM tills t WHERE t.id = till_id) AS currency FROM till_days""";
    private static final String DIFFERENCE = """
            SELECT id, till_day_id, stage, amount_minor, note, status, recorded_by, recorded_at, entry_id, posted_by, posted_at,
                   (SELECT t.currency FROM till_days d JOIN tills t ON t.id = d.till_id WHERE d.id = till_day_id) AS currency
              FROM till_differences""";

    // ---- currencies ------------------------------------------------------------------------------

    Optional<CashCurrency> currency(DSLContext sql, String code) {
        return Optional.ofNullable(sql.fetchOne("SELECT * FROM cash_currencies WHERE currency = ?", code)).map(CashStore::currency);
    }

    List<CashCurrency> currencies(DSLContext sql) {
        return sql.fetch("SELECT * FROM cash_currencies ORDER BY currency").map(CashStore::currency);
    }

    void insertCurrency(DSLContext sql, String code, String vault, String overShort, Instant now) {
        sql.execute("INSERT INTO cash_currencies (currency, vault_account, over_short_account, created_at) VALUES (?, ?, ?, ?)",
                code, vault, overShort, ts(now));
    }

    // ---- tills -----------------------------------------------------------------------------------

    Optional<Till> till(DSLContext sql, long id) {
        return Optional.ofNullable(sql.fetchOne(TILL + " WHERE t.id = ?", id)).map(CashStore::till);
    }

    Optional<Till> tillOf(DSLContext sql, UUID tellerUserId, String currency) {
        return Optional.ofNullable(sql.fetchOne(TILL + " WHERE t.teller_user_id = ? AND t.currency = ?", tellerUserId, currency))
                .map(CashStore::till);
    }

    /** A page of the tills by id after {@code afterId}, every teller's or one teller's when {@code tellerUserId} is given. */
    List<Till> tills(DSLContext sql, UUID tellerUserId, long afterId, int limit) {
        return tellerUserId == null ? sql.fetch(TILL + " WHERE t.id > ? ORDER BY t.id LIMIT ?", afterId, limit).map(CashStore::till)
                : sql.fetch(TILL + " WHERE t.teller_user_id = ? AND t.id > ? ORDER BY t.id LIMIT ?", tellerUserId, afterId, limit)
                        .map(CashStore::till);
    }

    /** Every till, or one teller's when {@code tellerUserId} is given. */
    List<Till> tills(DSLContext sql, UUID tellerUserId) {
        return tellerUserId == null ? sql.fetch(TILL + " ORDER BY t.id").map(CashStore::till)
                : sql.fetch(TILL + " WHERE t.teller_user_id = ? ORDER BY t.id", tellerUserId).map(CashStore::till);
    }

    Optional<Till> tillOfDay(DSLContext sql, long dayId) {
        return Optional.ofNullable(sql.fetchOne(TILL + " WHERE t.id = (SELECT till_id FROM till_days WHERE id = ?)", dayId))
                .map(CashStore::till);
    }

    long insertTill(DSLContext sql, UUID tellerUserId, String username, String currency, String account, Instant now) {
        return sql.fetchOne("""
                INSERT INTO tills (teller_user_id, teller_username, currency, account, created_at) VALUES (?, ?, ?, ?, ?)
                RETURNING id""", tellerUserId, username, currency, account, ts(now)).get("id", Long.class);
    }

    // ---- days ------------------------------------------------------------------------------------

    /** The till's open day, locked, if it has one. */
    Optional<TillDay> lockOpenDay(DSLContext sql, long tillId) {
        return Optional.ofNullable(sql.fetchOne(DAY + " WHERE till_id = ? AND status = 'OPEN' FOR UPDATE", tillId))
                .map(r -> day(r, List.of()));
    }

    Optional<TillDay> day(DSLContext sql, long tillId, long dayId) {
        return Optional.ofNullable(sql.fetchOne(DAY + " WHERE till_id = ? AND id = ?", tillId, dayId))
                .map(r -> day(r, differences(sql, dayId)));
    }

    List<TillDay> days(DSLContext sql, long tillId, int limit) {
        return days(sql, tillId, Long.MAX_VALUE, limit);
    }

    /** A till's days newest first (by id), before the day {@code beforeId}. */
    List<TillDay> days(DSLContext sql, long tillId, long beforeId, int limit) {
        return sql.fetch(DAY + " WHERE till_id = ? AND id < ? ORDER BY id DESC LIMIT ?", tillId, beforeId, limit)
                .map(r -> day(r, differences(sql, r.get("id", Long.class))));
    }

    long insertDay(DSLContext sql, long tillId, String actor, long counted, long expected, Instant now) {
        return sql.fetchOne("""
                INSERT INTO till_days (till_id, status, opened_at, opened_by, opening_counted_minor, opening_expected_minor)
                VALUES (?, 'OPEN', ?, ?, ?, ?) RETURNING id""", tillId, ts(now), actor, counted, expected).get("id", Long.class);
    }

    void closeDay(DSLContext sql, long dayId, String actor, long counted, long expected, Instant now) {
        sql.execute("""
                UPDATE till_days SET status = ?, closed_at = ?, closed_by = ?, closing_counted_minor = ?, closing_expected_minor = ?
                 WHERE id = ?""", TillDayStatus.CLOSED.name(), ts(now), actor, counted, expected, dayId);
    }

    // ---- differences -----------------------------------------------------------------------------

    List<Difference> differences(DSLContext sql, long dayId) {
        return sql.fetch(DIFFERENCE + " WHERE till_day_id = ? ORDER BY id", dayId).map(CashStore::difference);
    }

    /** Differences awaiting approval, oldest first. */
    List<Difference> pendingDifferences(DSLContext sql, Instant afterAt, long afterId, int limit) {
        return sql.fetch(DIFFERENCE + " WHERE status = 'PENDING_APPROVAL' AND (recorded_at, id) > (?, ?) ORDER BY recorded_at, id LIMIT ?",
                        ts(afterAt), afterId, limit).map(CashStore::difference);
    }

    /** The sum of a till's differences still awaiting approval: cash the books do not show yet. */
    long pendingDifferenceSum(DSLContext sql, long tillId) {
        Long sum = sql.fetchOne("""
                SELECT coalesce(sum(f.amount_minor), 0) AS total FROM till_differences f JOIN till_days d ON d.id = f.till_day_id
                 WHERE d.till_id = ? AND f.status = 'PENDING_APPROVAL'""", tillId).get("total", Long.class);
        return sum == null ? 0 : sum;
    }

    Optional<Difference> lockDifference(DSLContext sql, long id) {
        return Optional.ofNullable(sql.fetchOne(DIFFERENCE + " WHERE id = ? FOR UPDATE", id)).map(CashStore::difference);
    }

    Optional<Difference> difference(DSLContext sql, long id) {
        return Optional.ofNullable(sql.fetchOne(DIFFERENCE + " WHERE id = ?", id)).map(CashStore::difference);
    }

    long insertDifference(DSLContext sql, long dayId, Stage stage, long amount, String note, String actor, Instant now) {
        return sql.fetchOne("""
                INSERT INTO till_differences (till_day_id, stage, amount_minor, note, status, recorded_by, recorded_at)
                VALUES (?, ?, ?, ?, 'PENDING_APPROVAL', ?, ?) RETURNING id""", dayId, stage.name(), amount, note, actor, ts(now))
                .get("id", Long.class);
    }

    void markPosted(DSLContext sql, long id, UUID entryId, String actor, Instant now) {
        sql.execute("UPDATE till_differences SET status = ?, entry_id = ?, posted_by = ?, posted_at = ? WHERE id = ?",
                DifferenceStatus.POSTED.name(), entryId, actor, ts(now), id);
    }

    // ---- movements -------------------------------------------------------------------------------

    void insertMovement(DSLContext sql, long dayId, EntryKind kind, UUID entryId, String counterparty, long signed,
                        String description, String actor, Instant now) {
        sql.execute("""
                INSERT INTO cash_movements (till_day_id, kind, entry_id, counterparty, signed_minor, description, actor, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", dayId, kind.name(), entryId, counterparty, signed, description, actor, ts(now));
    }

    Optional<Movement> movementOfEntry(DSLContext sql, UUID entryId) {
        return Optional.ofNullable(sql.fetchOne("SELECT * FROM cash_movements WHERE entry_id = ?", entryId)).map(CashStore::movement);
    }

    List<Movement> movements(DSLContext sql, long dayId) {
        return sql.fetch("SELECT * FROM cash_movements WHERE till_day_id = ? ORDER BY id", dayId).map(CashStore::movement);
    }

    // ---- mapping ---------------------------------------------------------------------------------

    private static CashCurrency currency(Record r) {
        return new CashCurrency(Currency.getInstance(r.get("currency", String.class)), r.get("vault_account", String.class),
                r.get("over_short_account", String.class), instant(r, "created_at"));
    }

    private static Till till(Record r) {
        return new Till(r.get("id", Long.class), r.get("teller_user_id", UUID.class), r.get("teller_username", String.class),
                Currency.getInstance(r.get("currency", String.class)), r.get("account", String.class), instant(r, "created_at"),
                r.get("open_day_id", Long.class));
    }

    private static TillDay day(Record r, List<Difference> differences) {
        return new TillDay(r.get("id", Long.class), r.get("till_id", Long.class), Currency.getInstance(r.get("currency", String.class)),
                TillDayStatus.valueOf(r.get("status", String.class)),
                instant(r, "opened_at"), r.get("opened_by", String.class), r.get("opening_counted_minor", Long.class),
                r.get("opening_expected_minor", Long.class), instant(r, "closed_at"), r.get("closed_by", String.class),
                r.get("closing_counted_minor", Long.class), r.get("closing_expected_minor", Long.class), differences);
    }

    private static Difference difference(Record r) {
        return new Difference(r.get("id", Long.class), r.get("till_day_id", Long.class),
                Currency.getInstance(r.get("currency", String.class)), Stage.valueOf(r.get("stage", String.class)),
                r.get("amount_minor", Long.class), r.get("note", String.class), DifferenceStatus.valueOf(r.get("status", String.class)),
                r.get("recorded_by", String.class), instant(r, "recorded_at"), r.get("entry_id", UUID.class),
                r.get("posted_by", String.class), instant(r, "posted_at"));
    }

    private static Movement movement(Record r) {
        return new Movement(r.get("id", Long.class), r.get("till_day_id", Long.class), EntryKind.valueOf(r.get("kind", String.class)),
                r.get("entry_id", UUID.class), r.get("counterparty", String.class), r.get("signed_minor", Long.class),
                r.get("description", String.class), r.get("actor", String.class), instant(r, "created_at"));
    }

    private static Instant instant(Record r, String field) {
        OffsetDateTime v = r.get(field, OffsetDateTime.class);
        return v == null ? null : v.toInstant();
    }

    private static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }
}
