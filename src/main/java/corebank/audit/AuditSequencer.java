package corebank.audit;

import corebank.platform.TransactionRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Seals committed audit events into the tamper-evident log, about once a second, on whichever
 * engine instance holds the sequencer lock at that moment (a transaction-scoped advisory lock:
 * several instances may run this job; one seals at a time). Each run appends the events whose
 * transactions have ended, in (txid, id) order, to the RFC 6962 Merkle tree, stores the new
 * perfect-subtree nodes and signs a checkpoint of the new tree size and root.
 *
 * <p>Writers never wait for this: they only insert events. The run reads at REPEATABLE READ, so
 * its reads take no serializable predicate locks that could abort the ledger's transactions.
 */
@Singleton
public class AuditSequencer {

    private static final Logger LOG = LoggerFactory.getLogger(AuditSequencer.class);
    static final int EVENTS_PER_RUN_MAX = 20_000;

    private final TransactionRunner runner;
    private final AuditStore store;
    private final AuditSigner signer;
    private final Clock clock;
    private final Counter sealed;

    AuditSequencer(TransactionRunner runner, AuditStore store, AuditSigner signer, Clock clock, MeterRegistry meters) {
        this.runner = runner;
        this.store = store;
        this.signer = signer;
        this.clock = clock;
        this.sealed = Counter.builder("corebank.audit.sealed").description("audit events given a log position").register(meters);
    }

    @Scheduled(fixedDelay = "${corebank.audit.seal-interval}", initialDelay = "1s")
    void run() {
        try {
            while (sealOnce() == EVENTS_PER_RUN_MAX) {
                // a backlog: keep going until it is sealed
            }
        } catch (RuntimeException e) {
            LOG.warn("audit sealing run failed (another instance may have sealed first); the next run retries: {}", e.toString());
        }
    }

    /** Seals what is ready; answers how many events it sealed (0 if another instance holds the lock). */
    public int sealOnce() {
        return runner.repeatableRead("audit-seal", sql -> {
            if (!store.tryLockSequencer(sql)) {
                return 0;
            }
            long xmin = store.snapshotXmin(sql);
            AuditStore.Cursor cursor = store.cursor(sql);
            List<AuditStore.Sealable> batch = store.unsealed(sql, cursor, xmin, EVENTS_PER_RUN_MAX);
            if (batch.isEmpty()) {
                return 0;
            }
            TreeAppender tree = TreeAppender.resume(cursor.treeSize(), (start, size) -> store.node(sql, start, size));
            List<byte[]> leaves = new ArrayList<>(batch.size());
            for (AuditStore.Sealable s : batch) {
                byte[] leaf = s.event().computeLeafHash();
                leaves.add(leaf);
                tree.append(leaf);
            }
            Instant now = clock.instant();
            store.insertLog(sql, cursor.treeSize(), batch.stream().map(AuditStore.Sealable::event).toList(),
                    batch.stream().map(AuditStore.Sealable::txid).toList(), leaves, now);
            store.insertNodes(sql, tree.newNodeCoordinates(), tree.newNodeHashes());
            byte[] root = tree.root();
            store.insertCheckpoint(sql, new AuditStore.Checkpoint(tree.size(), root, now,
                    signer.sign(tree.size(), root, now), signer.keyId()));
            sealed.increment(batch.size());
            return batch.size();
        });
    }
}
