package corebank.support;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/** Fresh random keys for each test JVM: tests never share keys with a real installation. */
public final class TestKeys {

    public static final Map<String, String> PROPERTIES = Map.of(
            "micronaut.security.token.jwt.signatures.secret.generator.secret", random(),
            "corebank.identity.keys.totp-encryption", random(),
            "corebank.identity.keys.csrf", random(),
            "corebank.audit.signing-key", random());

    private TestKeys() {
    }

    private static String random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
