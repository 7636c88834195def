package corebank.audit;

import corebank.jooq.tables.AuditEvents;
import corebank.jooq.tables.AuditLog;
import corebank.jooq.tables.records.AuditCheckpointsRecord;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static corebank.jooq.Tables.AUDIT_CHECKPOINTS;
import static corebank.jooq.Tables.AUDIT_EVENTS;
import static corebank.jooq.Tables.AUDIT_LOG;
import static corebank.jooq.Tables.AUDIT_TREE_NODES;

/**
 * SQL of the tamper-evident log: sealing, tree nodes, checkpoints, and the rows to verify.
 * Reads use the generated schema classes (corebank.jooq), so a renamed column breaks the
 * build; the bulk inserts bind arrays to {@code unnest} in plain SQL.
 */
@Singleton
class AuditStore {

    private final JournalStore journal;

    AuditStore(JournalStore journal) {
        this.journal = journal;
    }

    /** Audit events as "e", the log as "l": the aliases every event query uses. */
    static final AuditEvents E = AUDIT_EVENTS.as("e");
    static final AuditLog L = AUDIT_LOG.as("l");

    /** The stored fields of an event, all that {@link #toRecord} reads. */
    static final List<SelectField<?>> EVENT_FIELDS = List.of(E.ID, E.TXID, E.OCCURRED_AT, E.ACTOR, E.ACTOR_ROLE, E.ACTION,
            E.OUTCOME, E.REASON, E.TARGET_TYPE, E.TARGET_ID, E.REQUEST_ID, E.CHANNEL, E.CLIENT_ADDRESS, E.USER_AGENT,
            E.DETAILS);

    /** Where sealing stopped: the (txid, id) of the last sealed event and the tree size. */
    record Cursor(long txid, long eventId, long treeSize) {
        static final Cursor START = new Cursor(-1, -1, 0);
    }

    record Checkpoint(long treeSize, byte[] rootHash, Instant signedAt, byte[] signature, String keyId) {
    }

    boolean tryLockSequencer(DSLContext sql) {
        return sql.fetchOne("SELECT pg_try_advisory_xact_lock(7261001) AS locked").get("locked", Boolean.class);
    }

    /** Every transaction with a smaller id has ended: its events are final. */
    long snapshotXmin(DSLContext sql) {
        return sql.fetchOne("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin").get("xmin", Long.class);
    }

    /** Where sealing of events stopped (the last event's txid and id) and the size of the whole tree. */
    Cursor cursor(DSLContext sql) {
        long treeSize = treeSize(sql);
        return sql.select(AUDIT_LOG.EVENT_TXID, AUDIT_LOG.EVENT_ID).from(AUDIT_LOG).where(AUDIT_LOG.EVENT_ID.isNotNull())
                .orderBy(AUDIT_LOG.POSITION.desc()).limit(1)
                .fetchOptional(r -> new Cursor(r.value1(), r.value2(), treeSize))
                .orElse(new Cursor(Cursor.START.txid(), Cursor.START.eventId(), treeSize));
    }

    long treeSize(DSLContext sql) {
        return sql.select(AUDIT_LOG.POSITION).from(AUDIT_LOG).orderBy(AUDIT_LOG.POSITION.desc()).limit(1)
                .fetchOptional(AUDIT_LOG.POSITION).map(p -> p + 1).orElse(0L);
    }

    /** An event ready to be sealed, with the transaction id that orders it. */
    record Sealable(AuditRecord event, long txid) {
    }

    List<Sealable> unsealed(DSLContext sql, Cursor after, long xmin, int limit) {
        return sql.select(EVENT_FIELDS).from(E)
                .where(DSL.row(E.TXID, E.ID).gt(after.txid(), after.eventId()), E.TXID.lt(xmin))
                .orderBy(E.TXID, E.ID).limit(limit)
                .fetch(r -> new Sealable(toRecord(r, null, null), r.get(E.TXID)));
    }

    /** A leaf about to be sealed: exactly one of eventId, entryId and accountId is set. */
    record NewLeaf(Long eventId, java.util.UUID entryId, Long accountId, long txid, byte[] leafHash) {
    }

    void insertLeaves(DSLContext sql, long firstPosition, List<NewLeaf> leaves, Instant now) {
        int n = leaves.size();
        Long[] positions = new Long[n];
        for (int i = 0; i < n; i++) {
            positions[i] = firstPosition + i;
        }
        sql.execute("""
                INSERT INTO audit_log (position, event_id, entry_id, account_id, event_txid, leaf_hash, sealed_at)
                SELECT t.p, t.event, t.entry, t.account, t.txid, t.leaf, ?
                  FROM unnest(?::bigint[], ?::bigint[], ?::uuid[], ?::bigint[], ?::bigint[], ?::bytea[]) AS t(p, event, entry, account, txid, leaf)
                """, Timestamp.from(now), positions, leaves.stream().map(NewLeaf::eventId).toArray(Long[]::new),
                leaves.stream().map(NewLeaf::entryId).toArray(java.util.UUID[]::new),
                leaves.stream().map(NewLeaf::accountId).toArray(Long[]::new),
                leaves.stream().map(NewLeaf::txid).toArray(Long[]::new), leaves.stream().map(NewLeaf::leafHash).toArray(byte[][]::new));
    }

    void insertNodes(DSLContext sql, List<long[]> coordinates, List<byte[]> hashes) {
        if (coordinates.isEmpty()) {
            return;
        }
        sql.execute("INSERT INTO audit_tree_nodes (level, index, hash) SELECT t.l, t.i, t.h FROM unnest(?::smallint[], ?::bigint[], ?::bytea[]) AS t(l, i, h)",
                coordinates.stream().map(c -> (short) c[0]).toArray(Short[]::new),
                coordinates.stream().map(c -> c[1]).toArray(Long[]::new),
                hashes.toArray(byte[][]::new));
    }

    void insertCheckpoint(DSLContext sql, Checkpoint c) {
        sql.insertInto(AUDIT_CHECKPOINTS)
                .set(AUDIT_CHECKPOINTS.TREE_SIZE, c.treeSize())
                .set(AUDIT_CHECKPOINTS.ROOT_HASH, c.rootHash())
                .set(AUDIT_CHECKPOINTS.SIGNED_AT, c.signedAt())
                .set(AUDIT_CHECKPOINTS.SIGNATURE, c.signature())
                .set(AUDIT_CHECKPOINTS.KEY_ID, c.keyId())
                .execute();
    }

    /** Hash of the perfect subtree [start, start + size) as stored (size a power of two, start aligned). */
    byte[] node(DSLContext sql, long start, long size) {
        if (size == 1) {
            return sql.select(AUDIT_LOG.LEAF_HASH).from(AUDIT_LOG).where(AUDIT_LOG.POSITION.eq(start))
                    .fetchOptional(AUDIT_LOG.LEAF_HASH)
                    .orElseThrow(() -> new IllegalStateException("audit log has no position " + start));
        }
        int level = Long.numberOfTrailingZeros(size);
        return sql.select(AUDIT_TREE_NODES.HASH).from(AUDIT_TREE_NODES)
                .where(AUDIT_TREE_NODES.LEVEL.eq((short) level), AUDIT_TREE_NODES.INDEX.eq(start / size))
                .fetchOptional(AUDIT_TREE_NODES.HASH)
                .orElseThrow(() -> new IllegalStateException("audit tree has no node " + level + "/" + (start / size)));
    }

    Optional<Checkpoint> latestCheckpoint(DSLContext sql) {
        return sql.selectFrom(AUDIT_CHECKPOINTS).orderBy(AUDIT_CHECKPOINTS.TREE_SIZE.desc()).limit(1)
                .fetchOptional(AuditStore::toCheckpoint);
    }

    Optional<Checkpoint> checkpoint(DSLContext sql, long treeSize) {
        return sql.selectFrom(AUDIT_CHECKPOINTS).where(AUDIT_CHECKPOINTS.TREE_SIZE.eq(treeSize))
                .fetchOptional(AuditStore::toCheckpoint);
    }

    /**
     * One leaf per log position in [fromPosition, toPosition), at most {@code limit}, in position
     * order, each with the canonical JSON of what it seals as its rows are now (null if gone).
     */
    List<SealedLeaf> sealedRange(DSLContext sql, long fromPosition, long toPosition, int limit) {
        var rows = sql.select(L.POSITION, L.LEAF_HASH, L.EVENT_ID, L.ENTRY_ID, L.ACCOUNT_ID).select(EVENT_FIELDS)
                .from(L).leftJoin(E).on(E.ID.eq(L.EVENT_ID))
                .where(L.POSITION.ge(fromPosition), L.POSITION.lt(toPosition))
                .orderBy(L.POSITION).limit(limit).fetch();
        var entries = journal.entries(sql, rows.stream().map(r -> r.get(L.ENTRY_ID)).filter(java.util.Objects::nonNull).toList());
        var accounts = journal.accounts(sql, rows.stream().map(r -> r.get(L.ACCOUNT_ID)).filter(java.util.Objects::nonNull).toList());
        return rows.map(r -> {
            long position = r.get(L.POSITION);
            byte[] leaf = r.get(L.LEAF_HASH);
            if (r.get(L.ENTRY_ID) != null) {
                JournalLeaf.Entry e = entries.get(r.get(L.ENTRY_ID));
                return new SealedLeaf(position, leaf, SealedLeaf.Subject.ENTRY, r.get(L.ENTRY_ID).toString(),
                        e == null ? null : e.canonicalJson());
            }
            if (r.get(L.ACCOUNT_ID) != null) {
                JournalLeaf.Account a = accounts.get(r.get(L.ACCOUNT_ID));
                return new SealedLeaf(position, leaf, SealedLeaf.Subject.ACCOUNT, r.get(L.ACCOUNT_ID).toString(),
                        a == null ? null : a.canonicalJson());
            }
            AuditRecord event = toRecord(r, position, leaf);
            return new SealedLeaf(position, leaf, SealedLeaf.Subject.EVENT, Long.toString(event.id()),
                    event.occurredAt() == null ? null : event.canonicalJson());
        });
    }

    /**
     * Rows inside the sealed range (by txid and id) that have no log position: events, journal
     * entries and accounts inserted behind the sequencer's back, each with the position it would
     * have preceded (the tree size when none follows).
     */
    List<LogVerifier.Forged> forgedInsideSealedRange(DSLContext sql) {
        Cursor cursor = cursor(sql);
        List<LogVerifier.Forged> forged = new java.util.ArrayList<>();
        if (cursor.eventId() >= 0 || cursor.txid() >= 0) {
            Field<Long> nextPosition = DSL.field(DSL.select(DSL.min(L.POSITION)).from(L)
                    .where(L.EVENT_ID.isNotNull(), DSL.row(L.EVENT_TXID, L.EVENT_ID).gt(E.TXID, E.ID)));
            sql.select(E.ID, nextPosition).from(E)
                    .where(DSL.row(E.TXID, E.ID).le(cursor.txid(), cursor.eventId()))
                    .andNotExists(DSL.selectOne().from(L).where(L.EVENT_ID.isNotNull(), L.EVENT_ID.eq(E.ID)))
                    .orderBy(E.TXID, E.ID).limit(10)
                    .forEach(r -> forged.add(new LogVerifier.Forged("event " + r.value1(),
                            r.value2() == null ? cursor.treeSize() : r.value2())));
        }
        for (Object[] f : journal.forgedEntries(sql, journal.entryCursor(sql), cursor.treeSize())) {
            forged.add(new LogVerifier.Forged((String) f[0], ((Number) f[1]).longValue()));
        }
        for (Object[] f : journal.forgedAccounts(sql, journal.accountCursor(sql), cursor.treeSize())) {
            forged.add(new LogVerifier.Forged((String) f[0], ((Number) f[1]).longValue()));
        }
        return forged;
    }

    /**
     * An event of a query that selected {@link #EVENT_FIELDS}. {@code detailsJson} is the text
     * PostgreSQL renders for the jsonb value (jOOQ reads jsonb as that text), which the leaf
     * hash covers: it must stay exactly that.
     */
    static AuditRecord toRecord(Record r, Long position, byte[] leafHash) {
        Long id = r.get(E.ID);
        if (id == null) {
            // the log names an event that no longer exists
            return new AuditRecord(r.get(L.EVENT_ID), position, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, leafHash);
        }
        JSONB details = r.get(E.DETAILS);
        return new AuditRecord(id, position, r.get(E.OCCURRED_AT), r.get(E.ACTOR), r.get(E.ACTOR_ROLE),
                r.get(E.ACTION), r.get(E.OUTCOME), r.get(E.REASON), r.get(E.TARGET_TYPE), r.get(E.TARGET_ID),
                r.get(E.REQUEST_ID), r.get(E.CHANNEL), r.get(E.CLIENT_ADDRESS), r.get(E.USER_AGENT),
                details == null ? null : details.data(), leafHash);
    }

    private static Checkpoint toCheckpoint(AuditCheckpointsRecord r) {
        return new Checkpoint(r.getTreeSize(), r.getRootHash(), r.getSignedAt(), r.getSignature(), r.getKeyId());
    }
}
