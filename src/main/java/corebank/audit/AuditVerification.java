package corebank.audit;

import corebank.platform.ErrorCode;
import corebank.platform.TransactionRunner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Re-verifies the whole log (audit events, journal entries, accounts) against the latest signed
 * checkpoint and the latest witnessed one, on demand (the
 * auditors' API) and on a schedule. A mismatch raises an alert three ways: an error log line,
 * the metric {@code corebank.audit.verification.failed} (1 while failing), and an audit event.
 */
@Singleton
public class AuditVerification {

    private static final Logger LOG = LoggerFactory.getLogger(AuditVerification.class);
    private static final int PAGE = 5_000;

    private final TransactionRunner runner;
    private final AuditStore store;
    private final JournalStore journal;
    private final AuditWitness witness;
    private final AuditSigner signer;
    private final AuditLog auditLog;
    private final Clock clock;
    private final AtomicLong failing = new AtomicLong();

    AuditVerification(TransactionRunner runner, AuditStore store, JournalStore journal, AuditWitness witness, AuditSigner signer,
                      AuditLog auditLog, Clock clock, MeterRegistry meters) {
        this.runner = runner;
        this.store = store;
        this.journal = journal;
        this.witness = witness;
        this.signer = signer;
        this.auditLog = auditLog;
        this.clock = clock;
        meters.gauge("corebank.audit.verification.failed", failing);
    }

    @Scheduled(fixedDelay = "${corebank.audit.verify-interval}", initialDelay = "30s")
    void scheduled() {
        try {
            verify();
        } catch (RuntimeException e) {
            LOG.error("audit verification could not run", e);
        }
    }

    /**
     * Verifies the log up to the latest checkpoint, in one consistent snapshot: every leaf
     * recomputed from its rows, the signed root, rows forged into sealed history, every account's
     * totals against its postings, and the latest witnessed checkpoint (read before the snapshot,
     * so it can never be newer than what the snapshot sees).
     */
    public VerificationResult verify() {
        AuditWitness.Latest witnessed = witness.latest(signer.publicKey());
        // the snapshot only reads; the hashing of finish() runs after it, so a large log never
        // keeps the transaction idle past corebank.database.idle-in-transaction-timeout
        VerificationResult result = runner.read(sql -> {
            Optional<AuditStore.Checkpoint> checkpoint = store.latestCheckpoint(sql);
            if (checkpoint.isEmpty()) {
                return (java.util.function.Supplier<VerificationResult>) () -> witnessed.note().isPresent()
                        ? VerificationResult.bad(0, 0, 0, "the log was rolled back: the database has no checkpoint but a witnessed"
                        + " checkpoint covers " + witnessed.note().get().treeSize() + " leaves")
                        : VerificationResult.good(0);
            }
            AuditStore.Checkpoint c = checkpoint.get();
            LogVerifier verifier = new LogVerifier(c.treeSize(), c.rootHash(), c.signedAt(), c.signature(), signer.publicKey());
            witnessed.note().ifPresent(n -> {
                verifier.witnessed(new LogVerifier.Witnessed(n.treeSize(), n.rootHash()));
                store.checkpoint(sql, n.treeSize()).filter(dbc -> !java.util.Arrays.equals(dbc.rootHash(), n.rootHash()))
                        .ifPresent(dbc -> verifier.problemAt(0, "the database's checkpoint of " + n.treeSize()
                                + " leaves is not the witnessed one"));
            });
            if (witnessed.problem() != null) {
                verifier.problemAt(0, witnessed.problem());
            }
            long from = 0;
            while (from < c.treeSize()) {
                List<SealedLeaf> page = store.sealedRange(sql, from, c.treeSize(), PAGE);
                if (page.isEmpty()) {
                    break;
                }
                for (SealedLeaf leaf : page) {
                    verifier.accept(LogVerifier.Entry.of(leaf));
                }
                from = page.get(page.size() - 1).position() + 1;
            }
            store.forgedInsideSealedRange(sql).forEach(verifier::forged);
            for (JournalStore.BalanceMismatch m : journal.balanceMismatches(sql)) {
                verifier.problemAt(m.position() == null ? c.treeSize() : m.position(), m.problem());
            }
            return (java.util.function.Supplier<VerificationResult>) verifier::finish;
        }).get();
        failing.set(result.ok() ? 0 : 1);
        if (!result.ok()) {
            LOG.error("AUDIT LOG TAMPERING DETECTED at position {}: {}", result.firstBadPosition(), result.problem());
            auditLog.appendAlone(AuditEvent.failure(clock.instant(), AuditContext.system("audit-verification"),
                        AuditAction.AUDIT_VERIFICATION, ErrorCode.TAMPER_DETECTED, "AUDIT_LOG", Long.toString(result.firstBadPosition()),
                        Map.of("problem", result.problem(), "treeSize", result.treeSize())));
        }
        return result;
    }
}
