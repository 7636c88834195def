package corebank.identity;

import corebank.identity.mfa.TotpAlgorithm;
import corebank.identity.password.Argon2Cost;
import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Tunables of the login factors. The defaults are written once, in {@code application.yml};
 * the beans that use them check their bounds (a weaker password hash than OWASP's minimum,
 * {@link Argon2Cost#OWASP_MINIMUM}, is refused there).
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
public record IdentitySettings(int argon2MemoryKib, int argon2Iterations, int argon2Parallelism,
                               TotpAlgorithm totpAlgorithm, int totpDigits, int totpStepSeconds, int qrPixelsPerModule) {

    public Argon2Cost argon2Cost() {
        return new Argon2Cost(argon2MemoryKib, argon2Iterations, argon2Parallelism);
    }
}
