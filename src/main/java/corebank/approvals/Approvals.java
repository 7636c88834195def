package corebank.approvals;

import corebank.audit.AuditAction;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.ledger.EntryKind;
import corebank.ledger.IdempotencyRef;
import corebank.ledger.Ledger;
import corebank.ledger.LedgerSettings;
import corebank.ledger.Movement;
import corebank.platform.CorebankException;
import corebank.platform.ErrorCode;
import corebank.platform.Pages;
import corebank.platform.TransactionRunner;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Four-eyes approval: a maker submits an operation with its parameters and a reason; a checker
 * with the operation's role (never the maker) approves or rejects it; approved, it runs exactly
 * once. The decision commits first (PENDING -> APPROVED); the execution then runs in a
 * transaction of its own that locks the request and moves it APPROVED -> EXECUTED | FAILED,
 * while the operation is idempotent on the request id, so a retry, a second instance or
 * {@link ApprovalJobs} after a crash finds it executed or executes it, never twice.
 */
@Singleton
public class Approvals {

    private static final Logger LOG = LoggerFactory.getLogger(Approvals.class);
    /** The idempotency scope of the ledger commands approvals issues itself (no user's key can be in it). */
    static final String LEDGER_SCOPE = "system:approvals";

    /** Funds to reserve while the request waits: a hold whose posting records {@code postsAs}. */
    public record HeldFunds(Movement movement, EntryKind postsAs) {
    }

    /** A submitted request; {@code replayed} when the maker's Idempotency-Key had made it already. */
    public record Submitted(ApprovalRequest request, boolean replayed) {
    }

    /** A decided request and, for the approving checker only, the execution's one-time secret (or null). */
    public record Decision(ApprovalRequest request, String oneTimeSecret) {
    }

    @io.micronaut.serde.annotation.Serdeable
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    public record Page(List<ApprovalRequest> approvals, @io.micronaut.core.annotation.Nullable String nextCursor) {
    }

    private final TransactionRunner runner;
    private final ApprovalStore store;
    private final AuditLog auditLog;
    private final Ledger ledger;
    private final Clock clock;
    private final ApprovalSettings settings;
    private final Map<String, ApprovalOperation> operations = new HashMap<>();

    Approvals(TransactionRunner runner, ApprovalStore store, AuditLog auditLog, Ledger ledger, Clock clock,
              ApprovalSettings settings, LedgerSettings ledgerSettings, List<ApprovalOperation> operations) {
        this.runner = runner;
        this.store = store;
        this.auditLog = auditLog;
        this.ledger = ledger;
        this.clock = clock;
        this.settings = settings;
        if (settings.requestSeconds() + settings.holdMarginSeconds() > ledgerSettings.holdTimeoutSecondsMax()) {
            throw new IllegalArgumentException("corebank.approvals: request-seconds + hold-margin-seconds must not exceed "
                    + "corebank.ledger.hold-timeout-seconds-max, or a held request's funds could be released before it expires");
        }
        for (ApprovalOperation op : operations) {
            if (!op.name().matches("[a-z][a-z0-9_.-]{0,63}") || this.operations.put(op.name(), op) != null) {
                throw new IllegalStateException("approval operation names must be distinct and well-formed: " + op.name());
            }
        }
    }

    // ---- maker -----------------------------------------------------------------------------------

    /**
     * Makes a request. With {@code held}, reserves its funds first (a ledger hold that outlives the
     * request); the maker's {@code idempotencyKey} (required with {@code held}) makes a retry answer
     * the same request.
     */
    public Submitted submit(ApprovalOperation operation, Map<String, String> parameters, String reason, HeldFunds held,
                            String idempotencyKey, AuditContext maker) {
        String why = requireText(reason, "reason");
        ApprovalOperation.Subject subject = operation.validate(parameters);
        Map<String, String> params = new TreeMap<>(parameters);
        String hash = IdempotencyRef.hash(operation.name() + "|" + params + "|" + why);
        if (held != null && idempotencyKey == null) {
            throw new IllegalArgumentException("a held request needs the maker's Idempotency-Key");
        }
        if (idempotencyKey != null) {
            Submitted earlier = earlier(maker.actor(), idempotencyKey, hash);
            if (earlier != null) {
                return earlier;
            }
        }
        UUID holdId = held == null ? null : ledger.placeHold(held.movement(), settings.requestSeconds() + settings.holdMarginSeconds(),
                held.postsAs(), IdempotencyRef.of(LEDGER_SCOPE + ":" + maker.actor(), idempotencyKey), maker).resultId();
        UUID id = UUID.randomUUID();
        try {
            ApprovalRequest made = runner.serializable("approval-submit", sql -> {
                Instant now = clock.instant();
                store.insert(sql, id, operation.name(), params, subject, maker.actor(), String.valueOf(maker.actorRole()),
                        idempotencyKey, hash, why, operation.checker().name(), now, now.plusSeconds(settings.requestSeconds()), holdId);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("operation", operation.name());
                details.put("subject", subject.subject());
                details.put("parameters", params);
                details.put("holdId", holdId == null ? null : holdId.toString());
                auditLog.append(sql, AuditEvent.success(now, maker, AuditAction.APPROVALS_REQUEST_SUBMIT, "APPROVAL", id.toString(), details));
                return store.get(sql, id, false).orElseThrow();
            });
            return new Submitted(made, false);
        } catch (RuntimeException e) {
            if (!"23505".equals(TransactionRunner.sqlState(e))) {
                voidHold(holdId);
                throw e;
            }
            Submitted earlier = idempotencyKey == null ? null : earlier(maker.actor(), idempotencyKey, hash);
            if (earlier != null) {
                return earlier;
            }
            voidHold(holdId);
            throw new CorebankException(ErrorCode.APPROVAL_PENDING,
                    "a request for " + subject.subject() + " already waits for a decision", null);
        }
    }

    private Submitted earlier(String maker, String key, String hash) {
        var found = runner.read(sql -> store.byMakerKey(sql, maker, key));
        if (found.isEmpty()) {
            return null;
        }
        if (!found.get().getValue().equals(hash)) {
            throw new CorebankException(ErrorCode.IDEMPOTENCY_CONFLICT,
                    "this Idempotency-Key was used for another request", IdempotencyRef.HEADER);
        }
        return new Submitted(found.get().getKey(), true);
    }

    /** The maker withdraws their own pending request; its funds are released. */
    public ApprovalRequest cancel(UUID id, String reason, AuditContext maker) {
        String why = reason == null ? null : requireText(reason, "reason");
        ApprovalRequest r = runner.serializable("approval-cancel", sql -> {
            ApprovalRequest request = store.get(sql, id, true).filter(q -> q.maker().equals(maker.actor()))
                    .orElseThrow(() -> notFound(id));
            if (request.status() == ApprovalStatus.CANCELLED) {
                return request;
            }
            request.status().requireTransition(ApprovalStatus.CANCELLED, "approval request " + id, "id");
            Instant now = clock.instant();
            store.decide(sql, id, ApprovalStatus.CANCELLED, null, why, now);
            auditLog.append(sql, AuditEvent.success(now, maker, AuditAction.APPROVALS_REQUEST_CANCEL, "APPROVAL", id.toString(),
                    details(request)));
            return store.get(sql, id, false).orElseThrow();
        });
        voidHold(r.holdId());
        return r;
    }

    // ---- checker ---------------------------------------------------------------------------------

    /**
     * Approves and executes. A retry by the same checker answers the request as it stands (and
     * finishes its execution if that had not happened yet); the one-time secret is never repeated.
     */
    public Decision approve(UUID id, String reason, AuditContext checker, Collection<String> roles) {
        String why = requireText(reason, "reason");
        ApprovalRequest decided = decide(id, why, checker, roles, ApprovalStatus.APPROVED, AuditAction.APPROVALS_REQUEST_APPROVE);
        String secret = null;
        if (decided.status() == ApprovalStatus.APPROVED) {
            ApprovalOperation.Execution execution = execute(id, checker);
            secret = execution == null ? null : execution.oneTimeSecret();
        }
        return new Decision(runner.read(sql -> store.get(sql, id, false)).orElseThrow(), secret);
    }

    public ApprovalRequest reject(UUID id, String reason, AuditContext checker, Collection<String> roles) {
        String why = requireText(reason, "reason");
        ApprovalRequest r = decide(id, why, checker, roles, ApprovalStatus.REJECTED, AuditAction.APPROVALS_REQUEST_REJECT);
        voidHold(r.holdId());
        return r;
    }

    private ApprovalRequest decide(UUID id, String why, AuditContext checker, Collection<String> roles, ApprovalStatus next,
                                   AuditAction action) {
        try {
            return runner.serializable("approval-decide", sql -> {
                ApprovalRequest r = store.get(sql, id, true).filter(q -> visible(q, checker.actor(), roles))
                        .orElseThrow(() -> notFound(id));
                if (!roles.contains(r.checkerRole())) {
                    throw new CorebankException(ErrorCode.FORBIDDEN, "only a " + r.checkerRole() + " may decide this request", null);
                }
                ApprovalOperation operation = operation(r.operation());
                if (r.maker().equals(checker.actor()) || checker.actor().equals(operation.subjectActor(r))) {
                    throw new CorebankException(ErrorCode.MAKER_CANNOT_CHECK,
                            "a request is decided by someone other than its maker and the person it concerns", null);
                }
                if (checker.actor().equals(r.checker()) && (r.status() == next || next == ApprovalStatus.APPROVED
                        && (r.status() == ApprovalStatus.EXECUTED || r.status() == ApprovalStatus.FAILED))) {
                    return r;
                }
                r.status().requireTransition(next, "approval request " + id, "id");
                Instant now = clock.instant();
                if (!now.isBefore(r.expiresAt())) {
                    throw new CorebankException(ErrorCode.INVALID_STATE_TRANSITION,
                            "approval request " + id + " expired at " + r.expiresAt(), "id");
                }
                store.decide(sql, id, next, checker.actor(), why, now);
                Map<String, Object> details = details(r);
                details.put("maker", r.maker());
                details.put("reason", why);
                auditLog.append(sql, AuditEvent.success(now, checker, action, "APPROVAL", id.toString(), details));
                return store.get(sql, id, false).orElseThrow();
            });
        } catch (CorebankException e) {
            if (e.code() == ErrorCode.MAKER_CANNOT_CHECK || e.code() == ErrorCode.FORBIDDEN) {
                auditLog.appendAlone(AuditEvent.failure(clock.instant(), checker, action, e.code(), "APPROVAL", id.toString(),
                        Map.of("detail", e.detail())));
            }
            throw e;
        }
    }

    /**
     * Runs an APPROVED request and records EXECUTED or FAILED, in one transaction that locks the
     * request; does nothing to a request in any other state. Answers the execution, or null.
     */
    ApprovalOperation.Execution execute(UUID id, AuditContext checker) {
        ApprovalOperation.Execution[] done = new ApprovalOperation.Execution[1];
        ApprovalRequest finished = runner.serializable("approval-execute", sql -> {
            done[0] = null;
            ApprovalRequest r = store.get(sql, id, true).orElseThrow(() -> notFound(id));
            if (r.status() != ApprovalStatus.APPROVED) {
                return null;
            }
            ApprovalOperation operation = operation(r.operation());
            AuditContext asMaker = new AuditContext(r.maker(), r.makerRole(), checker.requestId(), "approvals",
                    checker.clientAddress(), checker.userAgent());
            Instant now = clock.instant();
            Map<String, Object> details = details(r);
            details.put("maker", r.maker());
            details.put("checker", r.checker());
            try {
                ApprovalOperation.Execution execution = operation.execute(sql, r, asMaker);
                store.finish(sql, id, ApprovalStatus.EXECUTED, execution.resultRef(), null, null, now);
                details.put("result", execution.resultRef());
                auditLog.append(sql, AuditEvent.success(now, checker, AuditAction.APPROVALS_REQUEST_EXECUTE, "APPROVAL",
                        id.toString(), details));
                done[0] = execution;
            } catch (CorebankException refused) {
                if (refused.kind() == CorebankException.Kind.UNAVAILABLE || refused.kind() == CorebankException.Kind.THROTTLED) {
                    throw refused; // outcome unknown: the request stays APPROVED and the job finishes it
                }
                store.finish(sql, id, ApprovalStatus.FAILED, null, refused.code().wire(), refused.detail(), now);
                auditLog.append(sql, AuditEvent.failure(now, checker, AuditAction.APPROVALS_REQUEST_EXECUTE, refused.code(),
                        "APPROVAL", id.toString(), details));
            }
            return store.get(sql, id, false).orElseThrow();
        });
        if (finished != null && finished.status() == ApprovalStatus.FAILED) {
            voidHold(finished.holdId());
        }
        return done[0];
    }

    // ---- jobs ------------------------------------------------------------------------------------

    /** Expires one request if it is still pending past its time; voids its hold. */
    boolean expire(UUID id) {
        AuditContext system = AuditContext.system("approval-expiry");
        ApprovalRequest r = runner.serializable("approval-expire", sql -> {
            ApprovalRequest request = store.get(sql, id, true).orElseThrow(() -> notFound(id));
            Instant now = clock.instant();
            if (request.status() != ApprovalStatus.PENDING || now.isBefore(request.expiresAt())) {
                return null;
            }
            store.decide(sql, id, ApprovalStatus.EXPIRED, null, null, now);
            auditLog.append(sql, AuditEvent.success(now, system, AuditAction.APPROVALS_REQUEST_EXPIRE, "APPROVAL", id.toString(),
                    details(request)));
            return request;
        });
        if (r != null) {
            voidHold(r.holdId());
        }
        return r != null;
    }

    /** Releases a request's funds; a hold already released or posted is left as it is. */
    void voidHold(UUID holdId) {
        if (holdId == null) {
            return;
        }
        try {
            ledger.voidHold(holdId, IdempotencyRef.of(LEDGER_SCOPE, holdId + ":void"), AuditContext.system("approvals"));
        } catch (CorebankException e) {
            if (e.code() != ErrorCode.HOLD_NOT_PENDING && e.code() != ErrorCode.HOLD_EXPIRED) {
                LOG.warn("could not void hold {} of an approval request ({}); the approval job retries", holdId, e.code());
            }
        }
    }

    // ---- reads -----------------------------------------------------------------------------------

    /** One request, to its maker or to someone whose roles may decide it; 404 to anyone else. */
    public ApprovalRequest get(UUID id, String actor, Collection<String> roles) {
        return runner.read(sql -> store.get(sql, id, false)).filter(r -> visible(r, actor, roles)).orElseThrow(() -> notFound(id));
    }

    /**
     * Requests newest first, filtered (null means "any"). {@code actor} and {@code roles}: the
     * caller's own requests and those their roles may decide; a null actor sees all (auditors).
     */
    public Page list(ApprovalStatus status, String operation, String maker, String checker, String subject, String actor,
                     Collection<String> roles, String cursor, Integer limit) {
        return list(status, operation, maker, checker, subject, actor, roles, null, null, cursor, limit);
    }

    /** As above, and only requests made in [{@code from}, {@code to}) when given (either may be null). */
    public Page list(ApprovalStatus status, String operation, String maker, String checker, String subject, String actor,
                     Collection<String> roles, Instant from, Instant to, String cursor, Integer limit) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new CorebankException(ErrorCode.VALIDATION_FAILED, "from must be before to", "from");
        }
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > settings.pageSizeMax()) {
            throw new CorebankException(ErrorCode.VALIDATION_FAILED, "limit must be between 1 and " + settings.pageSizeMax(), "limit");
        }
        Position position = Pages.key(cursor, 2, k -> new Position(Instant.parse(k[0]), UUID.fromString(k[1])));
        Instant beforeAt = position == null ? null : position.createdAt();
        UUID beforeId = position == null ? null : position.id();
        ApprovalStore.Visibility visibility = actor == null ? null : new ApprovalStore.Visibility(actor, List.copyOf(roles));
        ApprovalStore.Filter filter = new ApprovalStore.Filter(status, operation, maker, checker, subject, visibility, from, to,
                beforeAt, beforeId);
        List<ApprovalRequest> rows = runner.read(sql -> store.list(sql, filter, size + 1));
        Pages.Slice<ApprovalRequest> page = Pages.slice(rows, size, r -> Pages.cursor(r.createdAt(), r.id()));
        return new Page(page.rows(), page.nextCursor());
    }

    /** Where a page of requests (newest first) continues: before this one. */
    private record Position(Instant createdAt, UUID id) {
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private ApprovalOperation operation(String name) {
        ApprovalOperation op = operations.get(name);
        if (op == null) {
            throw new IllegalStateException("no approval operation " + name + " in this engine");
        }
        return op;
    }

    private static boolean visible(ApprovalRequest r, String actor, Collection<String> roles) {
        return r.maker().equals(actor) || roles.contains(r.checkerRole());
    }

    private static Map<String, Object> details(ApprovalRequest r) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("operation", r.operation());
        details.put("subject", r.subject());
        return details;
    }

    private static CorebankException notFound(UUID id) {
        return new CorebankException(ErrorCode.NOT_FOUND, "no approval request " + id + " for you", "id");
    }

    static String requireText(String value, String field) {
        if (value == null || value.isBlank() || value.length() > 500 || value.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            throw new CorebankException(ErrorCode.VALIDATION_FAILED,
                    field + " is required: 1 to 500 characters without control characters", field);
        }
        return value;
    }
}
