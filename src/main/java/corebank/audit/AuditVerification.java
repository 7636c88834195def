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
 * Re-verifies the whole audit log against the latest signed checkpoint, on demand (the
 * auditors' API) and on a schedule. A mismatch raises an alert three ways: an error log line,
 * the metric {@code corebank.audit.verification.failed} (1 while failing), and an audit event.
 */
@Singleton
public class AuditVerification {

    private static final Logger LOG = LoggerFactory.getLogger(AuditVerification.class);
    private static final int PAGE = 5_000;

    private final TransactionRunner runner;
    private final AuditStore store;
    private final AuditSigner signer;
    private final AuditLog auditLog;
    private final Clock clock;
    private final AtomicLong failing = new AtomicLong();

    AuditVerification(TransactionRunner runner, AuditStore store, AuditSigner signer, AuditLog auditLog, Clock clock,
                      MeterRegistry meters) {
        this.runner = runner;
        this.store = store;
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

    /** Verifies the log up to the latest checkpoint, in one consistent snapshot. */
    public VerificationResult verify() {
        VerificationResult result = runner.read(sql -> {
            Optional<AuditStore.Checkpoint> checkpoint = store.latestCheckpoint(sql);
            if (checkpoint.isEmpty()) {
                return VerificationResult.good(0);
            }
            AuditStore.Checkpoint c = checkpoint.get();
            LogVerifier verifier = new LogVerifier(c.treeSize(), c.rootHash(), c.signedAt(), c.signature(), signer.publicKey());
            long from = 0;
            while (from < c.treeSize()) {
                List<AuditRecord> page = store.sealedRange(sql, from, PAGE);
                if (page.isEmpty()) {
                    break;
                }
                for (AuditRecord r : page) {
                    verifier.accept(LogVerifier.Entry.of(r));
                }
                from = page.get(page.size() - 1).position() + 1;
            }
            AuditStore.Cursor cursor = store.cursor(sql);
            for (long[] forged : store.unsealedInsideSealedRange(sql, cursor)) {
                verifier.forgedBefore(forged[1] < 0 ? cursor.treeSize() : forged[1], forged[0]);
            }
            return verifier.finish();
        });
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
