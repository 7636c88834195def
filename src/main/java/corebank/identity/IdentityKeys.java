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

    /**
     * The TOTP key ring: the current key seals (its version from {@code totp-encryption-version}),
     * and {@code totp-encryption-others} ({@code <version>:<base64>}, comma-separated, or {@code none})
     * lists the other versions the engine can still open (docs/operations.md, "Rotating the TOTP key").
     */
    @Singleton
    SecretBox totpSecretBox(@Value("${corebank.identity.keys.totp-encryption}") String base64,
                            @Value("${corebank.identity.keys.totp-encryption-version}") int version,
                            @Value("${corebank.identity.keys.totp-encryption-others}") String others) {
        java.util.Map<Integer, byte[]> keys = new java.util.HashMap<>();
        keys.put(version, decode(base64, "corebank.identity.keys.totp-encryption"));
        for (String entry : others == null || others.isBlank() || others.trim().equals("none") ? new String[0] : others.split(",")) {
            String[] parts = entry.trim().split(":", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9]{1,9}") || keys.containsKey(Integer.parseInt(parts[0]))) {
                throw new IllegalStateException("corebank.identity.keys.totp-encryption-others: expected distinct <version>:<base64> entries");
            }
            keys.put(Integer.parseInt(parts[0]), decode(parts[1], "corebank.identity.keys.totp-encryption-others (version " + parts[0] + ")"));
        }
        try {
            return new SecretBox(keys, version, new java.security.SecureRandom());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("corebank.identity.keys.totp-encryption: " + e.getMessage());
        }
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
