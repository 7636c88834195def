package corebank.identity.mfa;

import corebank.audit.AuditAction;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.identity.IdentityStore;
import corebank.platform.TransactionRunner;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Re-encrypts every TOTP secret (active and pending) that is not sealed under the current key
 * version, in transactions of at most {@link #BATCH} users that skip rows another instance or a
 * login holds. Each batch is audited with its count; running it again finds nothing to do.
 */
@Singleton
public class TotpKeyRotation {

    /** The answer: the current key version, secrets re-sealed now, secrets still under another version. */
    public record Result(int keyVersion, int resealed, long remaining) {
    }

    static final int BATCH = 200;

    private final TransactionRunner runner;
    private final IdentityStore store;
    private final SecretBox box;
    private final AuditLog auditLog;
    private final Clock clock;

    TotpKeyRotation(TransactionRunner runner, IdentityStore store, SecretBox box, AuditLog auditLog, Clock clock) {
        this.runner = runner;
        this.store = store;
        this.box = box;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    public Result rotate(AuditContext context) {
        String prefix = box.currentPrefix();
        int total = 0;
        while (true) {
            int resealed = runner.serializable("totp-key-rotation", sql -> {
                List<IdentityStore.SealedSecrets> rows = store.secretsNotSealedUnder(sql, prefix, BATCH);
                for (IdentityStore.SealedSecrets row : rows) {
                    String user = row.userId().toString();
                    store.resealSecrets(sql, row.userId(), row.active() == null ? null : box.reseal(row.active(), user),
                            row.pending() == null ? null : box.reseal(row.pending(), user));
                }
                if (!rows.isEmpty()) {
                    Instant now = clock.instant();
                    auditLog.append(sql, AuditEvent.success(now, context, AuditAction.IDENTITY_TOTP_KEY_ROTATE, "KEY",
                            "totp-encryption:v" + box.currentVersion(), Map.of("resealed", rows.size())));
                }
                return rows.size();
            });
            total += resealed;
            if (resealed < BATCH) {
                break;
            }
        }
        long remaining = runner.read(sql -> store.secretsNotSealedUnder(sql, prefix));
        return new Result(box.currentVersion(), total, remaining);
    }
}
