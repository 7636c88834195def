package corebank.approvals;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.Record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** All SQL on approval_requests, and the only code that touches the table. */
@Singleton
class ApprovalStore {

    private static final String COLUMNS = """
            id, operation, parameters::text AS parameters, subject, maker, maker_role, reason, checker_role, created_at,
            expires_at, status, checker, decision_reason, decided_at, hold_id, executed_at, result_ref, refusal_code,
            refusal_detail""";

    private final JsonMapper json;

    ApprovalStore(JsonMapper json) {
        this.json = json;
    }

    /** Which requests a list shows; null means "any". {@code visibleTo} limits them to a caller's own or checkable ones. */
    record Filter(ApprovalStatus status, String operation, String maker, String checker, String subject, Visibility visibleTo,
                  Instant createdFrom, Instant createdTo, Instant beforeCreatedAt, UUID beforeId) {
    }

    /** The caller's own requests and those their roles may check; null: every request (auditors). */
    record Visibility(String actor, List<String> checkerRoles) {
    }

    void insert(DSLContext sql, UUID id, String operation, Map<String, String> parameters, ApprovalOperation.Subject subject,
                String maker, String makerRole, String makerKey, String requestHash, String reason, String checkerRole,
                Instant now, Instant expiresAt, UUID holdId) {
        sql.execute("""
                INSERT INTO approval_requests (id, operation, parameters, subject, exclusive_key, maker, maker_role,
                                               maker_idempotency_key, request_hash, reason, checker_role, created_at, expires_at,
                                               status, hold_id)
                VALUES (?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)""",
                id, operation, write(parameters), subject.subject(), subject.exclusiveKey(), maker, makerRole, makerKey,
                requestHash, reason, checkerRole, ts(now), ts(expiresAt), holdId);
    }

    Optional<ApprovalRequest> get(DSLContext sql, UUID id, boolean forUpdate) {
        return Optional.ofNullable(sql.fetchOne("SELECT " + COLUMNS + " FROM approval_requests WHERE id = ?"
                + (forUpdate ? " FOR UPDATE" : ""), id)).map(this::toRequest);
    }

    /** The request a maker made under an Idempotency-Key, with the hash of what they asked. */
    Optional<Map.Entry<ApprovalRequest, String>> byMakerKey(DSLContext sql, String maker, String key) {
        Record r = sql.fetchOne("SELECT " + COLUMNS + ", request_hash FROM approval_requests WHERE maker = ? AND maker_idempotency_key = ?",
                maker, key);
        return r == null ? Optional.empty() : Optional.of(Map.entry(toRequest(r), r.get("request_hash", String.class)));
    }

    void decide(DSLContext sql, UUID id, ApprovalStatus next, String checker, String reason, Instant at) {
        sql.execute("UPDATE approval_requests SET status = ?, checker = ?, decision_reason = ?, decided_at = ? WHERE id = ?",
                next.name(), checker, reason, ts(at), id);
    }

    void finish(DSLContext sql, UUID id, ApprovalStatus next, String resultRef, String refusalCode, String refusalDetail,
                Instant at) {
        sql.execute("""
                UPDATE approval_requests SET status = ?, executed_at = ?, result_ref = ?, refusal_code = ?, refusal_detail = ?
                 WHERE id = ?""", next.name(), ts(at), resultRef, refusalCode, refusalDetail, id);
    }

    List<UUID> pendingExpiredBy(DSLContext sql, Instant now, int max) {
        return sql.fetch("SELECT id FROM approval_requests WHERE status = 'PENDING' AND expires_at <= ? ORDER BY expires_at LIMIT ?",
                ts(now), max).map(r -> r.get("id", UUID.class));
    }

    List<UUID> approvedBefore(DSLContext sql, Instant decidedBefore, int max) {
        return sql.fetch("SELECT id FROM approval_requests WHERE status = 'APPROVED' AND decided_at <= ? ORDER BY decided_at LIMIT ?",
                ts(decidedBefore), max).map(r -> r.get("id", UUID.class));
    }

    /** Holds still pending although their request ended without execution (a crash between the two): to void. */
    List<UUID> strandedHolds(DSLContext sql, int max) {
        return sql.fetch("""
                SELECT a.hold_id FROM approval_requests a JOIN holds h ON h.id = a.hold_id
                 WHERE a.status IN ('REJECTED', 'CANCELLED', 'EXPIRED', 'FAILED') AND h.status = 'PENDING'
                 LIMIT ?""", max).map(r -> r.get("hold_id", UUID.class));
    }

    List<ApprovalRequest> list(DSLContext sql, Filter f, int limit) {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> args = new ArrayList<>();
        if (f.status() != null) {
            where.append(" AND status = ?");
            args.add(f.status().name());
        }
        if (f.operation() != null) {
            where.append(" AND operation = ?");
            args.add(f.operation());
        }
        if (f.maker() != null) {
            where.append(" AND maker = ?");
            args.add(f.maker());
        }
        if (f.checker() != null) {
            where.append(" AND checker = ?");
            args.add(f.checker());
        }
        if (f.subject() != null) {
            where.append(" AND subject = ?");
            args.add(f.subject());
        }
        if (f.visibleTo() != null) {
            where.append(" AND (maker = ? OR checker_role = ANY (?::text[]))");
            args.add(f.visibleTo().actor());
            args.add(f.visibleTo().checkerRoles().toArray(String[]::new));
        }
        if (f.createdFrom() != null) {
            where.append(" AND created_at >= ?");
            args.add(ts(f.createdFrom()));
        }
        if (f.createdTo() != null) {
            where.append(" AND created_at < ?");
            args.add(ts(f.createdTo()));
        }
        if (f.beforeCreatedAt() != null) {
            where.append(" AND (created_at, id) < (?, ?)");
            args.add(ts(f.beforeCreatedAt()));
            args.add(f.beforeId());
        }
        args.add(limit);
        return sql.fetch("SELECT " + COLUMNS + " FROM approval_requests" + where + " ORDER BY created_at DESC, id DESC LIMIT ?",
                args.toArray()).map(this::toRequest);
    }

    private ApprovalRequest toRequest(Record r) {
        String checkerText = r.get("checker", String.class);
        return new ApprovalRequest(r.get("id", UUID.class), r.get("operation", String.class), read(r.get("parameters", String.class)),
                r.get("subject", String.class), r.get("maker", String.class), r.get("maker_role", String.class),
                r.get("reason", String.class), r.get("checker_role", String.class), instant(r, "created_at"),
                instant(r, "expires_at"), ApprovalStatus.valueOf(r.get("status", String.class)), checkerText,
                r.get("decision_reason", String.class), instant(r, "decided_at"), r.get("hold_id", UUID.class),
                instant(r, "executed_at"), r.get("result_ref", String.class), r.get("refusal_code", String.class),
                r.get("refusal_detail", String.class));
    }

    private String write(Map<String, String> parameters) {
        try {
            return json.writeValueAsString(new TreeMap<>(parameters));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> read(String text) {
        try {
            return new TreeMap<>(json.readValue(text, io.micronaut.core.type.Argument.mapOf(String.class, String.class)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Record r, String column) {
        OffsetDateTime value = r.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
