package corebank.payments;

import corebank.payments.PaymentsModel.BillPayment;
import corebank.payments.PaymentsModel.Occurrence;
import corebank.payments.PaymentsModel.Settleable;
import corebank.payments.PaymentsModel.SettlementRun;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.Record;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Collection;
import java.util.UUID;

/**
 * The hand-written SQL of the payments tables: bill payments, occurrences and settlement runs,
 * whose statements lock, skip locked rows or resolve conflicts. Billers and payees, plain rows,
 * are {@link BillerRepository} and {@link PayeeRepository}.
 */
@Singleton
class PaymentsStore {

    private static final String PAYMENT = """
            SELECT id, customer_ref, payee_id, from_account, amount_minor, currency, memo, frequency, start_date, day_of_month,
                   end_date, occurrences_max, next_sequence, next_due_date, status, created_at, request_hash FROM bill_payments""";
    private static final String OCCURRENCE = """
            SELECT id, payment_id, sequence, due_date, amount_minor, currency, status, entry_id, failure_code, failure_reason,
                   finished_at, business_date FROM payment_occurrences""";

    // ---- bill payments -------------------------------------------------------------------------

    /**
     * Inserts a payment under its Idempotency-Key. ON CONFLICT DO NOTHING: a twin request's row
     * that this SERIALIZABLE transaction cannot see raises a serialization failure (40001, which
     * the runner re-runs and whose re-run replays the twin) instead of a unique violation.
     */
    void insertPayment(DSLContext sql, UUID id, String customerRef, UUID payeeId, String fromAccount, long amountMinor,
                       String currency, String memo, Schedule s, LocalDate firstDue, String key, String hash, Instant now) {
        sql.execute("""
                INSERT INTO bill_payments (id, customer_ref, payee_id, from_account, amount_minor, currency, memo, frequency,
                                           start_date, day_of_month, end_date, occurrences_max, next_sequence, next_due_date,
                                           status, idempotency_key, request_hash, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (customer_ref, idempotency_key) DO NOTHING""",
                id, customerRef, payeeId, fromAccount, amountMinor, currency, memo, s.frequency().name(), s.start(),
                s.dayOfMonth() == null ? null : s.dayOfMonth().shortValue(), s.end(), s.occurrencesMax(), firstDue,
                BillPaymentStatus.ACTIVE.name(), key, hash, ts(now), ts(now));
    }

    Optional<BillPayment> paymentByKey(DSLContext sql, String customerRef, String key) {
        return Optional.ofNullable(sql.fetchOne(PAYMENT + " WHERE customer_ref = ? AND idempotency_key = ?", customerRef, key))
                .map(r -> payment(r, List.of()));
    }

    Optional<BillPayment> payment(DSLContext sql, UUID id, boolean forUpdate) {
        return Optional.ofNullable(sql.fetchOne(PAYMENT + " WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""), id))
                .map(r -> payment(r, occurrences(sql, id)));
    }

    /**
     * The customer's payments newest first (creation time, then id), before {@code before} when
     * given, at most {@code limit}, each with its occurrences (read with one more statement).
     */
    List<BillPayment> payments(DSLContext sql, String customerRef, BillPayments.PageKey before, int limit) {
        var rows = before == null
                ? sql.fetch(PAYMENT + " WHERE customer_ref = ? ORDER BY created_at DESC, id DESC LIMIT ?", customerRef, limit)
                : sql.fetch(PAYMENT + " WHERE customer_ref = ? AND (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?",
                        customerRef, ts(before.at()), before.id(), limit);
        UUID[] ids = rows.stream().map(r -> r.get("id", UUID.class)).toArray(UUID[]::new);
        java.util.Map<UUID, List<Occurrence>> byPayment = ids.length == 0 ? java.util.Map.of()
                : sql.fetch(OCCURRENCE + " WHERE payment_id = ANY(?) ORDER BY payment_id, sequence", (Object) ids)
                        .map(PaymentsStore::occurrence).stream()
                        .collect(java.util.stream.Collectors.groupingBy(Occurrence::paymentId));
        return rows.map(r -> payment(r, byPayment.getOrDefault(r.get("id", UUID.class), List.of())));
    }

    void updateTerms(DSLContext sql, UUID id, long amountMinor, String memo, Instant now) {
        sql.execute("UPDATE bill_payments SET amount_minor = ?, memo = ?, updated_at = ? WHERE id = ?", amountMinor, memo, ts(now), id);
    }

    /** Marks a live payee deleted; false if it was deleted already. */
    boolean deletePayee(DSLContext sql, UUID payeeId, Instant now) {
        return sql.execute("UPDATE payees SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL", ts(now), payeeId) == 1;
    }

    /** The ACTIVE payments to a payee, locked, oldest first. */
    List<UUID> activePaymentsOfPayee(DSLContext sql, UUID payeeId) {
        return sql.fetch("SELECT id FROM bill_payments WHERE payee_id = ? AND status = ? ORDER BY created_at FOR UPDATE",
                payeeId, BillPaymentStatus.ACTIVE.name()).map(r -> r.get("id", UUID.class));
    }

    void cancel(DSLContext sql, UUID id, Instant now) {
        sql.execute("UPDATE bill_payments SET status = ?, next_due_date = NULL, updated_at = ? WHERE id = ?",
                BillPaymentStatus.CANCELLED.name(), ts(now), id);
    }

    /**
     * Due payments, locked; another scheduler (instance) skips the ones locked here. The states in
     * WHERE clauses stay SQL literals (BillPaymentStatus, OccurrenceStatus name them): a partial
     * index's predicate matches a literal, not a bind value in a generic plan.
     */
    List<BillPayment> claimDue(DSLContext sql, LocalDate today, int limit) {
        return sql.fetch(PAYMENT + " WHERE status = 'ACTIVE' AND next_due_date <= ? ORDER BY next_due_date, id LIMIT ? FOR UPDATE SKIP LOCKED",
                today, limit).map(r -> payment(r, List.of()));
    }

    void advance(DSLContext sql, UUID id, int nextSequence, LocalDate nextDue, BillPaymentStatus status, Instant now) {
        sql.execute("UPDATE bill_payments SET next_sequence = ?, next_due_date = ?, status = ?, updated_at = ? WHERE id = ?",
                nextSequence, nextDue, status.name(), ts(now), id);
    }

    /** True if this claim created the occurrence (unique per payment and sequence). */
    boolean insertOccurrence(DSLContext sql, UUID id, UUID paymentId, int sequence, LocalDate due, long amountMinor,
                             String currency, Instant now) {
        return sql.execute("""
                INSERT INTO payment_occurrences (id, payment_id, sequence, due_date, amount_minor, currency, status, claimed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (payment_id, sequence) DO NOTHING""",
                id, paymentId, sequence, due, amountMinor, currency, OccurrenceStatus.RUNNING.name(), ts(now)) == 1;
    }

    /** One occurrence still to execute, locked; null when none is left (or all are taken). */
    /** The oldest RUNNING occurrence that no other instance holds, other than those in {@code skip}. */
    Occurrence lockRunning(DSLContext sql, Collection<UUID> skip) {
        Record r = sql.fetchOne(OCCURRENCE + " WHERE status = 'RUNNING' AND id <> ALL(?::uuid[])"
                + " ORDER BY claimed_at LIMIT 1 FOR UPDATE SKIP LOCKED", (Object) skip.toArray(UUID[]::new));
        return r == null ? null : occurrence(r);
    }

    void finish(DSLContext sql, UUID id, OccurrenceStatus status, UUID entryId, String code, String reason, Instant now,
                LocalDate businessDate) {
        sql.execute("""
                UPDATE payment_occurrences SET status = ?, entry_id = ?, failure_code = ?, failure_reason = ?, finished_at = ?,
                                               business_date = ? WHERE id = ?""",
                status.name(), entryId, code, reason, ts(now), businessDate, id);
    }

    // ---- settlement ----------------------------------------------------------------------------

    List<Settleable> settleable(DSLContext sql, UUID billerId, LocalDate businessDate) {
        return sql.fetch("""
                SELECT o.id, o.amount_minor, p.reference, p.customer_ref
                  FROM payment_occurrences o JOIN bill_payments b ON b.id = o.payment_id JOIN payees p ON p.id = b.payee_id
                 WHERE o.status = 'SUCCEEDED' AND o.business_date = ? AND p.biller_id = ? ORDER BY o.finished_at, o.id""",
                businessDate, billerId).map(r -> new Settleable(r.get("id", UUID.class), r.get("amount_minor", Long.class),
                r.get("reference", String.class), r.get("customer_ref", String.class)));
    }

    Optional<SettlementRun> run(DSLContext sql, UUID billerId, LocalDate date) {
        return Optional.ofNullable(sql.fetchOne(RUN + " WHERE r.biller_id = ? AND r.business_date = ?", billerId, date)).map(PaymentsStore::run);
    }

    Optional<SettlementRun> run(DSLContext sql, UUID id) {
        return Optional.ofNullable(sql.fetchOne(RUN + " WHERE r.id = ?", id)).map(PaymentsStore::run);
    }

    /**
     * Runs from {@code from} on, newest business date first, then by biller code; after the run
     * of ({@code afterDate}, {@code afterCode}) when given; at most {@code limit}.
     */
    List<SettlementRun> runs(DSLContext sql, LocalDate from, LocalDate afterDate, String afterCode, int limit) {
        return afterDate == null
                ? sql.fetch(RUN + " WHERE r.business_date >= ? ORDER BY r.business_date DESC, b.code LIMIT ?", from, limit)
                        .map(PaymentsStore::run)
                : sql.fetch(RUN + " WHERE r.business_date >= ? AND (r.business_date < ? OR (r.business_date = ? AND b.code > ?))"
                        + " ORDER BY r.business_date DESC, b.code LIMIT ?", from, afterDate, afterDate, afterCode, limit)
                        .map(PaymentsStore::run);
    }

    Optional<String> runFile(DSLContext sql, UUID id) {
        return Optional.ofNullable(sql.fetchOne("SELECT file_xml FROM settlement_runs WHERE id = ?", id)).map(r -> r.get("file_xml", String.class));
    }

    boolean insertRun(DSLContext sql, UUID id, UUID billerId, LocalDate date, UUID entryId, int count, long sum, String currency,
                      String messageId, String xml, String actor, Instant now) {
        return sql.execute("""
                INSERT INTO settlement_runs (id, biller_id, business_date, entry_id, payment_count, control_sum_minor, currency,
                                             message_id, file_xml, actor, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (biller_id, business_date) DO NOTHING""",
                id, billerId, date, entryId, count, sum, currency, messageId, xml, actor, ts(now)) == 1;
    }

    private static final String RUN = """
            SELECT r.id, b.code, r.business_date, r.entry_id, r.payment_count, r.control_sum_minor, r.currency, r.message_id,
                   r.actor, r.created_at FROM settlement_runs r JOIN billers b ON b.id = r.biller_id""";

    // ---- mapping -------------------------------------------------------------------------------

    private static BillPayment payment(Record r, List<Occurrence> occurrences) {
        Short dom = r.get("day_of_month", Short.class);
        Schedule schedule = new Schedule(Schedule.Frequency.valueOf(r.get("frequency", String.class)),
                r.get("start_date", LocalDate.class), dom == null ? null : dom.intValue(), r.get("end_date", LocalDate.class),
                r.get("occurrences_max", Integer.class));
        return new BillPayment(r.get("id", UUID.class), r.get("customer_ref", String.class), r.get("payee_id", UUID.class),
                r.get("from_account", String.class), r.get("amount_minor", Long.class), r.get("currency", String.class).trim(),
                r.get("memo", String.class), schedule, r.get("next_sequence", Integer.class),
                r.get("next_due_date", LocalDate.class), BillPaymentStatus.valueOf(r.get("status", String.class)), instant(r, "created_at"),
                r.get("request_hash", String.class), occurrences);
    }

    List<Occurrence> occurrences(DSLContext sql, UUID paymentId) {
        return sql.fetch(OCCURRENCE + " WHERE payment_id = ? ORDER BY sequence", paymentId).map(PaymentsStore::occurrence);
    }

    private static Occurrence occurrence(Record r) {
        return new Occurrence(r.get("id", UUID.class), r.get("payment_id", UUID.class), r.get("sequence", Integer.class),
                r.get("due_date", LocalDate.class), r.get("amount_minor", Long.class), r.get("currency", String.class).trim(),
                OccurrenceStatus.valueOf(r.get("status", String.class)), r.get("entry_id", UUID.class), r.get("failure_code", String.class),
                r.get("failure_reason", String.class), instant(r, "finished_at"), r.get("business_date", LocalDate.class));
    }

    private static SettlementRun run(Record r) {
        return new SettlementRun(r.get("id", UUID.class), r.get("code", String.class), r.get("business_date", LocalDate.class),
                r.get("entry_id", UUID.class), r.get("payment_count", Integer.class), r.get("control_sum_minor", Long.class),
                r.get("currency", String.class).trim(), r.get("message_id", String.class), r.get("actor", String.class),
                instant(r, "created_at"));
    }

    static Instant instant(Record r, String field) {
        OffsetDateTime v = r.get(field, OffsetDateTime.class);
        return v == null ? null : v.toInstant();
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
