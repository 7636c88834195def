package corebank.audit;

import corebank.platform.CorebankException;
import corebank.platform.ErrorCode;
import corebank.platform.TransactionRunner;
import jakarta.inject.Singleton;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static corebank.audit.AuditStore.E;
import static corebank.audit.AuditStore.L;

/**
 * The auditors' read side of the audit trail: filtered, keyset-paged events; the log export
 * the offline verifier checks; checkpoints; inclusion and consistency proofs. Read-only
 * snapshots, never the write path's locks.
 */
@Singleton
public class AuditQueries {

    public static final int PAGE_SIZE_MAX = 500;

    /** Filters of the events query; null means "any". Pages go newest first, before {@code beforeId}. */
    public record EventFilter(Instant from, Instant to, String actor, String action, String outcome, String targetType,
                              String targetId, String account, String requestId, Long beforeId, Integer limit) {
    }

    public record EventPage(List<AuditRecord> events, Long nextBefore) {
    }

    @io.micronaut.serde.annotation.Serdeable
    public record Checkpoint(long treeSize, String rootHash, Instant signedAt, String signature, String keyId) {
    }

    private final TransactionRunner runner;
    private final AuditStore store;
    private final JournalStore journal;

    AuditQueries(TransactionRunner runner, AuditStore store, JournalStore journal) {
        this.runner = runner;
        this.store = store;
        this.journal = journal;
    }

    public EventPage events(EventFilter f) {
        int limit = f.limit() == null ? 50 : f.limit();
        if (limit < 1 || limit > PAGE_SIZE_MAX) {
            throw new CorebankException(ErrorCode.VALIDATION_FAILED,
                    "limit must be between 1 and " + PAGE_SIZE_MAX, "limit");
        }
        return runner.readStatement(sql -> {
            List<AuditRecord> rows = fetchEvents(sql, condition(f), limit + 1);
            List<AuditRecord> page = rows.subList(0, Math.min(limit, rows.size()));
            Long next = rows.size() > limit ? page.get(page.size() - 1).id() : null;
            return new EventPage(new ArrayList<>(page), next);
        });
    }

    /** Every matching event, in pages, for streaming exports. */
    public List<AuditRecord> eventsPage(EventFilter f, Long beforeId, int size) {
        EventFilter paged = new EventFilter(f.from(), f.to(), f.actor(), f.action(), f.outcome(), f.targetType(),
                f.targetId(), f.account(), f.requestId(), beforeId, size);
        return runner.readStatement(sql -> fetchEvents(sql, condition(paged), size));
    }

    /**
     * How many events of one action and outcome targeted one object strictly after {@code after}
     * (all of them when null), in the caller's transaction: e.g. identity counting the failed
     * logins of a user since their previous session.
     */
    public int count(DSLContext sql, AuditAction action, String outcome, String targetType, String targetId, Instant after) {
        Condition where = E.ACTION.eq(action.wire()).and(E.OUTCOME.eq(outcome))
                .and(E.TARGET_TYPE.eq(targetType)).and(E.TARGET_ID.eq(targetId));
        if (after != null) {
            where = where.and(E.OCCURRED_AT.gt(after));
        }
        return sql.fetchCount(E, where);
    }

    private List<AuditRecord> fetchEvents(DSLContext sql, Condition where, int limit) {
        return sql.select(L.POSITION, L.LEAF_HASH).select(AuditStore.EVENT_FIELDS)
                .from(E).leftJoin(L).on(L.EVENT_ID.isNotNull(), L.EVENT_ID.eq(E.ID))
                .where(where)
                .orderBy(E.ID.desc()).limit(DSL.inline(limit))
                .fetch(r -> AuditStore.toRecord(r, r.get(L.POSITION), r.get(L.LEAF_HASH)));
    }

    private static Condition condition(EventFilter f) {
        List<Condition> c = new ArrayList<>();
        if (f.from() != null) {
            c.add(E.OCCURRED_AT.ge(f.from()));
        }
        if (f.to() != null) {
            c.add(E.OCCURRED_AT.lt(f.to()));
        }
        if (f.actor() != null) {
            c.add(E.ACTOR.eq(f.actor()));
        }
        if (f.action() != null) {
            c.add(E.ACTION.eq(f.action()));
        }
        if (f.outcome() != null) {
            c.add(E.OUTCOME.eq(f.outcome()));
        }
        if (f.targetType() != null) {
            c.add(E.TARGET_TYPE.eq(f.targetType()));
        }
        if (f.targetId() != null) {
            c.add(E.TARGET_ID.eq(f.targetId()));
        }
        if (f.requestId() != null) {
            c.add(E.REQUEST_ID.eq(f.requestId()));
        }
        if (f.account() != null) {
            c.add(E.TARGET_ID.eq(f.account())
                    .or(detailsText("debitAccount").eq(f.account()))
                    .or(detailsText("creditAccount").eq(f.account())));
        }
        if (f.beforeId() != null) {
            c.add(E.ID.lt(f.beforeId()));
        }
        return DSL.and(c);
    }

    /**
     * {@code details ->> 'key'}, the key inlined: only that exact expression matches the
     * expression indexes audit_events_debit_account and audit_events_credit_account.
     */
    private static Field<String> detailsText(String key) {
        return DSL.jsonbGetAttributeAsText(E.DETAILS, DSL.inline(key));
    }

    public Optional<Checkpoint> latestCheckpoint() {
        return runner.readStatement(store::latestCheckpoint).map(AuditQueries::render);
    }

    /** The latest signed checkpoint as the caller's transaction sees it (an export's held snapshot). */
    public Optional<Checkpoint> latestCheckpoint(DSLContext sql) {
        return store.latestCheckpoint(sql).map(AuditQueries::render);
    }

    public Optional<Checkpoint> checkpoint(long treeSize) {
        return runner.readStatement(sql -> store.checkpoint(sql, treeSize)).map(AuditQueries::render);
    }

    /** RFC 6962 audit path of the event at {@code position} in the tree of {@code treeSize} leaves. */
    public List<String> inclusionProof(long position, long treeSize) {
        requireCheckpoint(treeSize);
        if (position < 0 || position >= treeSize) {
            throw new CorebankException(ErrorCode.VALIDATION_FAILED,
                    "position must be in [0, treeSize)", "position");
        }
        return runner.read(sql -> MerkleTree.inclusionProof((s, n) -> store.node(sql, s, n), position, treeSize))
                .stream().map(b -> Base64.getEncoder().encodeToString(b)).toList();
    }

    /** RFC 6962 consistency proof between two signed tree sizes. */
    public List<String> consistencyProof(long first, long second) {
        requireCheckpoint(first);
        requireCheckpoint(second);
        if (first > second) {
            throw new CorebankException(ErrorCode.VALIDATION_FAILED, "first must not exceed second", "first");
        }
        return runner.read(sql -> MerkleTree.consistencyProof((s, n) -> store.node(sql, s, n), first, second))
                .stream().map(b -> Base64.getEncoder().encodeToString(b)).toList();
    }

    /** A page of the log in position order below {@code toPosition}, for the verifiable export. */
    public List<SealedLeaf> logPage(long fromPosition, long toPosition, int size) {
        return runner.read(sql -> store.sealedRange(sql, fromPosition, toPosition, size));
    }

    /** Rows inside the sealed range that the log does not know, with the position each precedes. */
    public List<LogVerifier.Forged> forgedInsideSealedRange() {
        return runner.read(store::forgedInsideSealedRange);
    }

    /** Every account's stored totals and the part from entries not sealed below {@code treeSize}, in one snapshot. */
    public List<String> balanceLines(long treeSize) {
        return runner.read(sql -> journal.balances(sql, treeSize)).stream()
                .map(b -> LogExportFormat.balance(b.number(), b.debitsPosted(), b.creditsPosted(), b.postingCount(),
                        b.laterDebits(), b.laterCredits(), b.laterCount()))
                .toList();
    }

    /** The export's first line: the checkpoint it is cut at. */
    public static String checkpointLine(Checkpoint c) {
        return LogExportFormat.checkpoint(c.treeSize(), c.rootHash(), c.signedAt(), c.signature(), c.keyId());
    }

    private void requireCheckpoint(long treeSize) {
        if (checkpoint(treeSize).isEmpty()) {
            throw new CorebankException(ErrorCode.NOT_FOUND,
                    "no signed checkpoint of tree size " + treeSize, "treeSize");
        }
    }

    private static Checkpoint render(AuditStore.Checkpoint c) {
        Base64.Encoder b64 = Base64.getEncoder();
        return new Checkpoint(c.treeSize(), b64.encodeToString(c.rootHash()), c.signedAt(), b64.encodeToString(c.signature()), c.keyId());
    }
}
