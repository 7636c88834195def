package corebank.audit;

import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.Record;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** SQL of the tamper-evident log: sealing, tree nodes, checkpoints, and the rows to verify. */
@Singleton
class AuditStore {

    static final String EVENT_COLUMNS = """
            e.id, e.txid, e.occurred_at, e.actor, e.actor_role, e.action, e.outcome, e.reason, e.target_type,
            e.target_id, e.request_id, e.channel, e.client_address, e.user_agent, e.details::text AS details""";

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

    Cursor cursor(DSLContext sql) {
        Record r = sql.fetchOne("SELECT position, event_txid, event_id FROM audit_log ORDER BY position DESC LIMIT 1");
        return r == null ? Cursor.START : new Cursor(r.get("event_txid", Long.class), r.get("event_id", Long.class),
                r.get("position", Long.class) + 1);
    }

    /** An event ready to be sealed, with the transaction id that orders it. */
    record Sealable(AuditRecord event, long txid) {
    }

    List<Sealable> unsealed(DSLContext sql, Cursor after, long xmin, int limit) {
        return sql.fetch("SELECT " + EVENT_COLUMNS + " FROM audit_events e WHERE (e.txid, e.id) > (?, ?) AND e.txid < ?"
                + " ORDER BY e.txid, e.id LIMIT ?", after.txid(), after.eventId(), xmin, limit)
                .map(r -> new Sealable(toRecord(r, null, null), r.get("txid", Long.class)));
    }

    void insertLog(DSLContext sql, long firstPosition, List<AuditRecord> events, List<Long> txids, List<byte[]> leaves, Instant now) {
        int n = events.size();
        Long[] positions = new Long[n];
        Long[] ids = new Long[n];
        for (int i = 0; i < n; i++) {
            positions[i] = firstPosition + i;
            ids[i] = events.get(i).id();
        }
        sql.execute("""
                INSERT INTO audit_log (position, event_id, event_txid, leaf_hash, sealed_at)
                SELECT t.p, t.id, t.txid, t.leaf, ? FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bytea[]) AS t(p, id, txid, leaf)
                """, Timestamp.from(now), positions, ids, txids.toArray(Long[]::new), leaves.toArray(byte[][]::new));
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
        sql.execute("INSERT INTO audit_checkpoints (tree_size, root_hash, signed_at, signature, key_id) VALUES (?, ?, ?, ?, ?)",
                c.treeSize(), c.rootHash(), Timestamp.from(c.signedAt()), c.signature(), c.keyId());
    }

    /** Hash of the perfect subtree [start, start + size) as stored (size a power of two, start aligned). */
    byte[] node(DSLContext sql, long start, long size) {
        if (size == 1) {
            Record r = sql.fetchOne("SELECT leaf_hash FROM audit_log WHERE position = ?", start);
            if (r == null) {
                throw new IllegalStateException("audit log has no position " + start);
            }
            return r.get("leaf_hash", byte[].class);
        }
        int level = Long.numberOfTrailingZeros(size);
        Record r = sql.fetchOne("SELECT hash FROM audit_tree_nodes WHERE level = ? AND index = ?", (short) level, start / size);
        if (r == null) {
            throw new IllegalStateException("audit tree has no node " + level + "/" + (start / size));
        }
        return r.get("hash", byte[].class);
    }

    Optional<Checkpoint> latestCheckpoint(DSLContext sql) {
        return Optional.ofNullable(sql.fetchOne("SELECT tree_size, root_hash, signed_at, signature, key_id FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1"))
                .map(AuditStore::toCheckpoint);
    }

    Optional<Checkpoint> checkpoint(DSLContext sql, long treeSize) {
        return Optional.ofNullable(sql.fetchOne("SELECT tree_size, root_hash, signed_at, signature, key_id FROM audit_checkpoints WHERE tree_size = ?", treeSize))
                .map(AuditStore::toCheckpoint);
    }

    /** One row per log position (with its event, or none if the event is gone), in position order. */
    List<AuditRecord> sealedRange(DSLContext sql, long fromPosition, int limit) {
        return sql.fetch("SELECT l.position, l.leaf_hash, l.event_id AS log_event_id, " + EVENT_COLUMNS
                + " FROM audit_log l LEFT JOIN audit_events e ON e.id = l.event_id WHERE l.position >= ? ORDER BY l.position LIMIT ?",
                fromPosition, limit).map(r -> toRecord(r, r.get("position", Long.class), r.get("leaf_hash", byte[].class)));
    }

    /**
     * Events inside the sealed range (by txid and id) that have no log position: they were
     * inserted behind the sequencer's back. Answers the position each would have had.
     */
    List<long[]> unsealedInsideSealedRange(DSLContext sql, Cursor cursor) {
        return sql.fetch("""
                SELECT e.id, (SELECT min(l.position) FROM audit_log l WHERE (l.event_txid, l.event_id) > (e.txid, e.id)) AS next_position
                  FROM audit_events e
                 WHERE (e.txid, e.id) <= (?, ?) AND NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.event_id = e.id)
                 ORDER BY e.txid, e.id LIMIT 10
                """, cursor.txid(), cursor.eventId())
                .map(r -> new long[]{r.get("id", Long.class), r.get("next_position", Long.class) == null ? -1 : r.get("next_position", Long.class)});
    }

    static AuditRecord toRecord(Record r, Long position, byte[] leafHash) {
        Long id = r.get("id", Long.class);
        if (id == null) {
            // the log names an event that no longer exists
            return new AuditRecord(r.get("log_event_id", Long.class), position, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, leafHash);
        }
        OffsetDateTime at = r.get("occurred_at", OffsetDateTime.class);
        return new AuditRecord(id, position, at.toInstant(), r.get("actor", String.class), r.get("actor_role", String.class),
                r.get("action", String.class), r.get("outcome", String.class), r.get("reason", String.class),
                r.get("target_type", String.class), r.get("target_id", String.class), r.get("request_id", String.class),
                r.get("channel", String.class), r.get("client_address", String.class), r.get("user_agent", String.class),
                r.get("details", String.class), leafHash);
    }

    private static Checkpoint toCheckpoint(Record r) {
        return new Checkpoint(r.get("tree_size", Long.class), r.get("root_hash", byte[].class),
                r.get("signed_at", OffsetDateTime.class).toInstant(), r.get("signature", byte[].class), r.get("key_id", String.class));
    }
}
