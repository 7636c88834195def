package corebank.auditor;

import corebank.audit.AuditQueries;
import corebank.platform.HeldSnapshots;
import corebank.platform.TransactionWork;
import org.jooq.DSLContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one database snapshot an export reads all its pages from (a held read-only REPEATABLE READ
 * transaction), opened by the first page, so that rows committed while the export streams never
 * tear it; with the audit checkpoint the export states it is consistent with, read in the same
 * snapshot. {@link #close} releases it (the stream does at its end, on a failure, or when closed).
 */
final class ExportSnapshot {

    /** How long the stream may stall (the client not reading) before PostgreSQL ends the snapshot. */
    static final Duration IDLE_LIMIT = Duration.ofMinutes(2);

    private final HeldSnapshots snapshots;
    private final AuditQueries audit;
    private final Clock clock;
    private HeldSnapshots.Snapshot snapshot;
    private boolean closed;
    private Instant openedAt;
    private Optional<AuditQueries.Checkpoint> checkpoint = Optional.empty();

    ExportSnapshot(HeldSnapshots snapshots, AuditQueries audit, Clock clock) {
        this.snapshots = snapshots;
        this.audit = audit;
        this.clock = clock;
    }

    synchronized <T> T read(TransactionWork<T> work) {
        if (closed) {
            throw new IllegalStateException("the export was closed");
        }
        if (snapshot == null) {
            snapshot = snapshots.open(IDLE_LIMIT);
            openedAt = clock.instant();
            checkpoint = snapshot.read(this::consistentWith);
        }
        return snapshot.read(work);
    }

    /**
     * The checkpoint the export is consistent with: for now the latest signed checkpoint of the
     * audit log as the export's snapshot sees it (it covers the audit events; once journal entries
     * are leaves of the tree, it is the checkpoint of the journal too). Change it here.
     */
    private Optional<AuditQueries.Checkpoint> consistentWith(DSLContext sql) {
        return audit.latestCheckpoint(sql);
    }

    Optional<AuditQueries.Checkpoint> checkpoint() {
        return checkpoint;
    }

    Instant openedAt() {
        return openedAt;
    }

    /** The summary's checkpoint fields as {@code key=value} words (see {@link JournalCsv#appendTrailer}). */
    String checkpointWords() {
        return checkpoint.map(c -> "checkpoint_tree_size=" + c.treeSize() + " checkpoint_root_hash=" + c.rootHash()
                + " checkpoint_signed_at=" + c.signedAt() + " checkpoint_key_id=" + c.keyId()
                + " checkpoint_signature=" + c.signature()).orElse("checkpoint=none");
    }

    synchronized void close() {
        closed = true;
        if (snapshot != null) {
            snapshot.close();
        }
    }
}
