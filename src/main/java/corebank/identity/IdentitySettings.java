package corebank.identity;

import corebank.identity.mfa.TotpAlgorithm;
import corebank.identity.password.Argon2Cost;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Tunables of the login factors; every one has a safe default, so no configuration is needed.
 * The beans that use them check their bounds (a weaker password hash than OWASP's minimum is refused there).
 *
 * @param argon2MemoryKib    Argon2id memory per hash, in KiB
 * @param argon2Iterations   Argon2id passes over that memory
 * @param argon2Parallelism  Argon2id lanes
 * @param totpAlgorithm      HMAC digest of TOTP; SHA1 is what almost every authenticator app supports
 * @param totpDigits         digits of a TOTP code (6 or 8)
 * @param totpStepSeconds    life of one TOTP code
 * @param qrPixelsPerModule  PNG pixels per QR module (one black or white square)
 */
@ConfigurationProperties("corebank.identity")
public record IdentitySettings(@Nullable Integer argon2MemoryKib, @Nullable Integer argon2Iterations, @Nullable Integer argon2Parallelism,
                               @Nullable TotpAlgorithm totpAlgorithm, @Nullable Integer totpDigits, @Nullable Integer totpStepSeconds,
                               @Nullable Integer qrPixelsPerModule) {
    public IdentitySettings {
        argon2MemoryKib = argon2MemoryKib == null ? Argon2Cost.OWASP_MINIMUM.memoryKib() : argon2MemoryKib;
        argon2Iterations = argon2Iterations == null ? Argon2Cost.OWASP_MINIMUM.iterations() : argon2Iterations;
        argon2Parallelism = argon2Parallelism == null ? Argon2Cost.OWASP_MINIMUM.parallelism() : argon2Parallelism;
        totpAlgorithm = totpAlgorithm == null ? TotpAlgorithm.SHA1 : totpAlgorithm;
        totpDigits = totpDigits == null ? 6 : totpDigits;
        totpStepSeconds = totpStepSeconds == null ? 30 : totpStepSeconds;
        qrPixelsPerModule = qrPixelsPerModule == null ? 8 : qrPixelsPerModule;
    }

    public static IdentitySettings defaults() {
        return new IdentitySettings(null, null, null, null, null, null, null);
    }

    public Argon2Cost argon2Cost() {
        return new Argon2Cost(argon2MemoryKib, argon2Iterations, argon2Parallelism);
    }
}
