package corebank.identity;

import corebank.identity.mfa.SecretBox;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.Base64;

/**
 * Keys of the identity feature, configured outside the database (environment or key files; the
 * default run generates them into its data directory on first start, see docs/operations.md, "Keys").
 * A missing or short key stops the engine at start rather than running without protection.
 */
@Factory
public class IdentityKeys {

    public static final String CSRF_KEY = "csrf";

    @Singleton
    SecretBox totpSecretBox(@Value("${corebank.identity.keys.totp-encryption}") String base64) {
        return new SecretBox(decode(base64, "corebank.identity.keys.totp-encryption"));
    }

    @Singleton
    @Named(CSRF_KEY)
    byte[] csrfKey(@Value("${corebank.identity.keys.csrf}") String base64) {
        return decode(base64, "corebank.identity.keys.csrf");
    }

    private static byte[] decode(String base64, String name) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " is not base64");
        }
        if (key.length < 32) {
            throw new IllegalStateException(name + " must hold at least 32 bytes (256 bits)");
        }
        return key;
    }
}
