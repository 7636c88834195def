package corebank.identity.user;

import corebank.audit.AuditAction;
import corebank.identity.FailedAttempts;
import corebank.identity.IdentityException;
import corebank.identity.IdentityStore;
import corebank.identity.LoginSettings;
import corebank.identity.mfa.QrCodes;
import corebank.identity.mfa.RecoveryCodes;
import corebank.identity.mfa.SecondFactor;
import corebank.identity.mfa.SecretBox;
import corebank.identity.mfa.Totp;
import corebank.identity.mfa.TotpSecret;
import corebank.identity.password.PasswordHasher;
import corebank.identity.password.PasswordPolicy;
import corebank.identity.password.PolicyViolation;
import corebank.identity.session.SessionService;
import corebank.identity.session.Tokens;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.platform.ErrorCode;
import corebank.platform.TransactionRunner;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Second-factor enrollment. A new user (or one whose factor an administrator reset) holds a
 * one-time enrollment token: with it they set a password and receive a TOTP secret as an
 * otpauth URI and QR code, which counts only once confirmed by a first correct code; the
 * recovery codes are shown at that moment and never again. A logged-in user re-enrolls only by
 * proving their current second factor.
 */
@Singleton
public class Enrollment {

    /** What an authenticator app needs; shown once. */
    @io.micronaut.serde.annotation.Serdeable
    public record TotpSetup(String otpauthUri, String secretBase32, String qrSvg, String qrPngBase64) {
    }

    private final TransactionRunner runner;
    private final IdentityStore store;
    private final PasswordHasher passwordHasher;
    private final PasswordPolicy passwordPolicy;
    private final TotpSecret totpSecret;
    private final Totp totp;
    private final SecretBox secretBox;
    private final RecoveryCodes recoveryCodes;
    private final QrCodes qrCodes;
    private final SecondFactor secondFactor;
    private final FailedAttempts failedAttempts;
    private final AuditLog auditLog;
    private final LoginSettings settings;
    private final Clock clock;

    Enrollment(TransactionRunner runner, IdentityStore store, PasswordHasher passwordHasher, PasswordPolicy passwordPolicy,
               TotpSecret totpSecret, Totp totp, SecretBox secretBox, RecoveryCodes recoveryCodes, QrCodes qrCodes,
               SecondFactor secondFactor, FailedAttempts failedAttempts, AuditLog auditLog, LoginSettings settings, Clock clock) {
        this.runner = runner;
        this.store = store;
        this.passwordHasher = passwordHasher;
        this.passwordPolicy = passwordPolicy;
        this.totpSecret = totpSecret;
        this.totp = totp;
        this.secretBox = secretBox;
        this.recoveryCodes = recoveryCodes;
        this.qrCodes = qrCodes;
        this.secondFactor = secondFactor;
        this.failedAttempts = failedAttempts;
        this.auditLog = auditLog;
        this.settings = settings;
        this.clock = clock;
    }

    /** With an enrollment token: sets the password and starts TOTP enrollment. */
    public TotpSetup begin(String enrollmentToken, char[] password, AuditContext context) {
        User preview = userForToken(enrollmentToken);
        requireStrong(password, preview.username());
        String hash = passwordHasher.hash(password);
        byte[] secret = totpSecret.generate();
        boolean begun = runner.serializable("enrollment-begin", sql -> {
            Instant now = clock.instant();
            User user = store.userByEnrollmentToken(sql, Tokens.hash(enrollmentToken), now)
                    .orElseThrow(Enrollment::tokenInvalid);
            if (!store.usePasswordStep(sql, user.id(), now)) {
                // single use: a second holder of the token can neither set the password again nor replace the secret
                auditLog.append(sql, AuditEvent.failure(now, SessionService.as(user, context), AuditAction.IDENTITY_PASSWORD_SET,
                        ErrorCode.ENROLLMENT_TOKEN_INVALID, "USER", user.username(), Map.of("because", "password_step_used")));
                return false;
            }
            store.setPassword(sql, user.id(), hash, now);
            store.setPendingTotp(sql, user.id(), secretBox.seal(secret, user.id().toString()));
            auditLog.append(sql, AuditEvent.success(now, SessionService.as(user, context), AuditAction.IDENTITY_PASSWORD_SET,
                    "USER", user.username(), Map.of("via", "enrollment_token")));
            return true;
        });
        if (!begun) {
            throw tokenInvalid();
        }
        return setup(preview.username(), secret);
    }

    /** With an enrollment token: confirms the pending TOTP secret with a first code; returns the recovery codes. */
    public List<String> confirm(String enrollmentToken, String code, AuditContext context) {
        return runner.serializable("enrollment-confirm", sql -> {
            Instant now = clock.instant();
            User user = store.userByEnrollmentToken(sql, Tokens.hash(enrollmentToken), now)
                    .orElseThrow(Enrollment::tokenInvalid);
            if (!store.passwordStepUsed(sql, user.id())) {
                // bound to the first use: the pending secret must be the one that step handed out
                throw new IdentityException(ErrorCode.ENROLLMENT_NOT_STARTED, "set the password with the token first", "enrollmentToken");
            }
            return confirmPending(sql, user, code, now, SessionService.as(user, context), AuditAction.IDENTITY_MFA_ENROLL);
        });
    }

    /** A logged-in user starts replacing their TOTP secret, proving the current second factor. */
    public TotpSetup beginReenrollment(java.util.UUID userId, String totpCode, String recoveryCode, AuditContext context) {
        if (!new SecondFactor.Proof(totpCode, recoveryCode).isPresent()) {
            throw IdentityException.invalid("re-enrollment needs the current second factor: a TOTP code or a recovery code", "code");
        }
        byte[] secret = totpSecret.generate();
        Optional<String> username = runner.serializable("reenrollment-begin", sql -> {
            Instant now = clock.instant();
            User user = store.userById(sql, userId, true).orElseThrow();
            if (!secondFactor.verifyAndSpend(sql, user, new SecondFactor.Proof(totpCode, recoveryCode), now, context)) {
                failedAttempts.record(sql, user, "reenrollment", now, context);
                return Optional.<String>empty();
            }
            store.setPendingTotp(sql, user.id(), secretBox.seal(secret, user.id().toString()));
            return Optional.of(user.username());
        });
        return setup(username.orElseThrow(IdentityException::invalidCredentials), secret);
    }

    public List<String> confirmReenrollment(java.util.UUID userId, String code, AuditContext context) {
        return runner.serializable("reenrollment-confirm", sql -> {
            Instant now = clock.instant();
            User user = store.userById(sql, userId, true).orElseThrow();
            return confirmPending(sql, user, code, now, context, AuditAction.IDENTITY_MFA_REENROLL);
        });
    }

    private List<String> confirmPending(org.jooq.DSLContext sql, User user, String code, Instant now,
                                        AuditContext context, AuditAction action) {
        if (user.pendingTotpSecretSealed() == null || code == null) {
            throw new IdentityException(ErrorCode.ENROLLMENT_NOT_STARTED,
                    "start the enrollment first", "code");
        }
        byte[] secret = secretBox.open(user.pendingTotpSecretSealed(), user.id().toString());
        var step = totp.matchingStep(secret, code.trim(), now.getEpochSecond(), settings.totpSkewSteps());
        if (step.isEmpty()) {
            throw new IdentityException(ErrorCode.CODE_INVALID,
                    "the code does not match the new secret; check the authenticator app's time", "code");
        }
        store.confirmTotp(sql, user.id(), step.getAsLong(), now);
        List<String> codes = recoveryCodes.generate();
        store.replaceRecoveryCodes(sql, user.id(), codes.stream().map(recoveryCodes::hash).toList());
        auditLog.append(sql, AuditEvent.success(now, context, action, "USER", user.username(),
                Map.of("recoveryCodesIssued", codes.size())));
        return codes;
    }

    private TotpSetup setup(String username, byte[] secret) {
        String uri = totpSecret.otpauthUri(username, secret);
        return new TotpSetup(uri, TotpSecret.toBase32(secret), qrCodes.svg(uri),
                Base64.getEncoder().encodeToString(qrCodes.png(uri)));
    }

    private User userForToken(String enrollmentToken) {
        if (enrollmentToken == null || enrollmentToken.isBlank()) {
            throw IdentityException.invalid("enrollmentToken is required", "enrollmentToken");
        }
        return runner.read(sql -> store.userByEnrollmentTokenReadOnly(sql, Tokens.hash(enrollmentToken), clock.instant()))
                .orElseThrow(Enrollment::tokenInvalid);
    }

    public void requireStrong(char[] password, String username) {
        List<PolicyViolation> violations = passwordPolicy.check(password, username, null);
        if (!violations.isEmpty()) {
            throw new IdentityException(ErrorCode.WEAK_PASSWORD,
                    violations.stream().map(PolicyViolation::message).reduce((a, b) -> a + "; " + b).orElse(""), "password");
        }
    }

    private static IdentityException tokenInvalid() {
        return new IdentityException(ErrorCode.ENROLLMENT_TOKEN_INVALID,
                "the enrollment token is unknown, used or expired; ask an administrator for a new one", "enrollmentToken");
    }
}
