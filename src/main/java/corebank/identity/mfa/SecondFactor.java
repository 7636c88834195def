package corebank.identity.mfa;

import corebank.audit.AuditAction;
import corebank.identity.IdentityStore;
import corebank.identity.LoginSettings;
import corebank.identity.user.User;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Checks a second factor inside the caller's transaction: a TOTP code (each time step accepted
 * at most once per user, so a code seen by a shoulder-surfer is already spent) or a one-time
 * recovery code (spent on use, and audited).
 */
@Singleton
public class SecondFactor {

    private final IdentityStore store;
    private final SecretBox secretBox;
    private final Totp totp;
    private final RecoveryCodes recoveryCodes;
    private final LoginSettings settings;
    private final AuditLog auditLog;

    SecondFactor(IdentityStore store, SecretBox secretBox, Totp totp, RecoveryCodes recoveryCodes, LoginSettings settings,
                 AuditLog auditLog) {
        this.store = store;
        this.secretBox = secretBox;
        this.totp = totp;
        this.recoveryCodes = recoveryCodes;
        this.settings = settings;
        this.auditLog = auditLog;
    }

    /** The proof a client offers: exactly one of the two. */
    public record Proof(String totpCode, String recoveryCode) {
        public boolean isPresent() {
            return (totpCode != null && !totpCode.isBlank()) || (recoveryCode != null && !recoveryCode.isBlank());
        }
    }

    /** True if the proof is valid; spends what it used. The user row must be locked by the caller. */
    public boolean verifyAndSpend(DSLContext sql, User user, Proof proof, Instant now, AuditContext context) {
        if (!user.hasSecondFactor() || proof == null || !proof.isPresent()) {
            return false;
        }
        if (proof.totpCode() != null && !proof.totpCode().isBlank()) {
            byte[] secret = secretBox.open(user.totpSecretSealed(), user.id().toString());
            OptionalLong step = totp.matchingStep(secret, proof.totpCode().trim(), now.getEpochSecond(), settings.totpSkewSteps());
            if (step.isEmpty() || (user.totpLastStep() != null && step.getAsLong() <= user.totpLastStep())) {
                return false;
            }
            store.recordSuccess(sql, user.id(), step.getAsLong());
            return true;
        }
        for (String stored : store.unusedRecoveryCodeHashes(sql, user.id())) {
            if (recoveryCodes.matches(proof.recoveryCode(), stored) && store.useRecoveryCode(sql, user.id(), stored, now)) {
                int left = store.unusedRecoveryCodes(sql, user.id());
                auditLog.append(sql, AuditEvent.success(now, context, AuditAction.IDENTITY_RECOVERY_CODE_USE, "USER", user.username(),
                        Map.of("unusedRecoveryCodesLeft", left)));
                return true;
            }
        }
        return false;
    }
}
