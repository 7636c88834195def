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
import java.util.UUID;

/**
 * Seals committed accounts, journal entries (with their postings) and audit events into the
 * tamper-evident log, about once a second, on whichever engine instance holds the sequencer lock
 * at that moment (a transaction-scoped advisory lock: several instances may run this job; one
 * seals at a time). Each run appends the rows whose transactions have ended, in (txid, id) order
 * per kind, to the RFC 6962 Merkle tree, stores the new perfect-subtree nodes, signs a
 * checkpoint of the new tree size and root and, once committed, appends it to the witness file.
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
    private final JournalStore journal;
    private final AuditWitness witness;
    private final AuditSigner signer;
    private final Clock clock;
    private final Counter sealed;

    AuditSequencer(TransactionRunner runner, AuditStore store, JournalStore journal, AuditSigner signer, AuditWitness witness,
                   Clock clock, MeterRegistry meters) {
        this.runner = runner;
        this.store = store;
        this.journal = journal;
        this.witness = witness;
        this.signer = signer;
        this.clock = clock;
        this.sealed = Counter.builder("corebank.audit.sealed").description("audit events, journal entries and accounts given a log position").register(meters);
    }

    @Scheduled(fixedDelay = "${corebank.audit.seal-interval}", initialDelay = "1s")
    void run() {
        try {
            while (sealOnce() >= EVENTS_PER_RUN_MAX) {
                // a backlog (some kind filled its run): keep going until it is sealed
            }
        } catch (RuntimeException e) {
            LOG.warn("audit sealing run failed (another instance may have sealed first); the next run retries: {}", e.toString());
        }
    }

    private record Sealed(int count, CheckpointNote note) {
    }

    /**
     * Seals what is ready: the accounts, then the journal entries, then the audit events whose
     * transactions have ended, each kind in (txid, id) order. Answers how many rows it sealed
     * (0 if another instance holds the lock). After the commit, the new checkpoint is appended
     * to the witness file.
     */
    public int sealOnce() {
        Sealed sealed = runner.repeatableRead("audit-seal", sql -> {
            if (!store.tryLockSequencer(sql)) {
                return new Sealed(0, null);
            }
            long xmin = store.snapshotXmin(sql);
            AuditStore.Cursor cursor = store.cursor(sql);
            List<AuditStore.NewLeaf> leaves = new ArrayList<>();
            List<JournalStore.Ready<Long>> accounts = journal.unsealedAccounts(sql, journal.accountCursor(sql), xmin, EVENTS_PER_RUN_MAX);
            var accountRows = journal.accounts(sql, accounts.stream().map(JournalStore.Ready::id).toList());
            for (JournalStore.Ready<Long> a : accounts) {
                leaves.add(new AuditStore.NewLeaf(null, null, a.id(), a.txid(),
                        JournalLeaf.leafHash(accountRows.get(a.id()).canonicalJson())));
            }
            List<JournalStore.Ready<UUID>> entries = journal.unsealedEntries(sql, journal.entryCursor(sql), xmin, EVENTS_PER_RUN_MAX);
            var entryRows = journal.entries(sql, entries.stream().map(JournalStore.Ready::id).toList());
            for (JournalStore.Ready<UUID> e : entries) {
                leaves.add(new AuditStore.NewLeaf(null, e.id(), null, e.txid(),
                        JournalLeaf.leafHash(entryRows.get(e.id()).canonicalJson())));
            }
            List<AuditStore.Sealable> events = store.unsealed(sql, cursor, xmin, EVENTS_PER_RUN_MAX);
            for (AuditStore.Sealable s : events) {
                leaves.add(new AuditStore.NewLeaf(s.event().id(), null, null, s.txid(), s.event().computeLeafHash()));
            }
            if (leaves.isEmpty()) {
                return new Sealed(0, null);
            }
            TreeAppender tree = TreeAppender.resume(cursor.treeSize(), (start, size) -> store.node(sql, start, size));
            for (AuditStore.NewLeaf leaf : leaves) {
                tree.append(leaf.leafHash());
            }
            Instant now = clock.instant();
            store.insertLeaves(sql, cursor.treeSize(), leaves, now);
            store.insertNodes(sql, tree.newNodeCoordinates(), tree.newNodeHashes());
            byte[] root = tree.root();
            store.insertCheckpoint(sql, new AuditStore.Checkpoint(tree.size(), root, now,
                    signer.sign(tree.size(), root, now), signer.keyId()));
            this.sealed.increment(leaves.size());
            return new Sealed(leaves.size(), CheckpointNote.sign(signer, tree.size(), root));
        });
        if (sealed.note() != null) {
            witness.append(sealed.note());
        }
        return sealed.count();
    }
}
