package corebank.identity.mfa;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One-time recovery codes for a user who lost their authenticator: {@value #COUNT} codes of
 * {@value #CODE_LENGTH} characters, shown as {@code xxxxx-xxxxx}, stored only as hashes.
 *
 * <p>Why salted SHA-256 and not Argon2 as for passwords: a code is {@value #CODE_LENGTH} characters
 * drawn uniformly by SecureRandom from a 31-character alphabet, about 49.5 bits, not something a
 * person chose, so there is no dictionary to try first and one SHA-256 per guess leaves an attacker
 * with a stolen table around 2^49 guesses per code. The per-code random salt stops one pass of
 * guesses from being tried against every stored code at once. And a code alone is only a second
 * factor: the password is still needed.
 */
@Singleton
public final class RecoveryCodes {

    public static final int COUNT = 10;
    public static final int CODE_LENGTH = 10;
    /** No 0/o, 1/l/i: a code read off paper must not be mistyped. */
    static final String ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";

    private static final int SALT_BYTES = 16;
    private static final Pattern STORED = Pattern.compile("sha256\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private final SecureRandom random;

    @Inject
    public RecoveryCodes() {
        this(new SecureRandom());
    }

    public RecoveryCodes(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A fresh set of distinct codes in display form, {@code xxxxx-xxxxx}. */
    public List<String> generate() {
        Set<String> codes = new LinkedHashSet<>();
        while (codes.size() < COUNT) {
            StringBuilder code = new StringBuilder(CODE_LENGTH + 1);
            for (int i = 0; i < CODE_LENGTH; i++) {
                if (i == CODE_LENGTH / 2) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return List.copyOf(codes);
    }

    /** The code as typed, reduced to what was generated: no dashes or spaces, lower case. */
    public static String normalize(String code) {
        return code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
    }

    /** The stored form: {@code sha256$<salt>$<digest>}, base64 without padding. */
    public String hash(String code) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return "sha256$" + B64.encodeToString(salt) + "$" + B64.encodeToString(digest(salt, normalize(code)));
    }

    /** Whether {@code code}, as the user typed it, is the one behind {@code stored}. */
    public boolean matches(String code, String stored) {
        Matcher m = STORED.matcher(Objects.requireNonNull(stored, "stored"));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a stored recovery code hash");
        }
        byte[] salt = Base64.getDecoder().decode(m.group(1));
        byte[] expected = Base64.getDecoder().decode(m.group(2));
        return MessageDigest.isEqual(digest(salt, normalize(code)), expected);
    }

    private static byte[] digest(byte[] salt, String normalizedCode) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            return sha256.digest(normalizedCode.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
