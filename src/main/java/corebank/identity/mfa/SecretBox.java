package corebank.identity.mfa;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Encrypts small secrets at rest (TOTP secrets) with AES-256-GCM, bound to the user they belong
 * to: the user id is GCM's associated data, so a ciphertext copied to another user's row does not
 * open. Output is {@code v<n>:<base64(nonce | ciphertext | tag)>}, where n is the version of the
 * key that sealed it: a box holds the current key (which seals) and older or newer versions (which
 * only open), so the key can be rotated (TotpKeyRotation re-seals every secret under the current one).
 *
 * <p>Not a bean: the key comes from key management, which decides where it lives.
 */
public final class SecretBox {

    public static final int KEY_BYTES = 32;
    // 96-bit random nonces: GCM's recommended size; safe for about 2^32 encryptions under one key,
    // far more than TOTP enrolments will ever make.
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final java.util.Map<Integer, SecretKeySpec> keys = new java.util.TreeMap<>();
    private final int currentVersion;
    private final SecureRandom random;

    public SecretBox(byte[] key) {
        this(key, new SecureRandom());
    }

    public SecretBox(byte[] key, SecureRandom random) {
        this(java.util.Map.of(1, checked(key)), 1, random);
    }

    /** A box that seals under {@code keys.get(currentVersion)} and opens under any of {@code keys}. */
    public SecretBox(java.util.Map<Integer, byte[]> keys, int currentVersion, SecureRandom random) {
        keys.forEach((version, key) -> {
            if (version == null || version < 1) {
                throw new IllegalArgumentException("SecretBox key versions start at 1");
            }
            this.keys.put(version, new SecretKeySpec(checked(key), "AES")); // copies the key
        });
        if (!this.keys.containsKey(currentVersion)) {
            throw new IllegalArgumentException("SecretBox has no key of its current version " + currentVersion);
        }
        this.currentVersion = currentVersion;
        this.random = Objects.requireNonNull(random, "random");
    }

    private static byte[] checked(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("SecretBox key must be " + KEY_BYTES + " bytes");
        }
        return key;
    }

    public int currentVersion() {
        return currentVersion;
    }

    /** The prefix of everything sealed under the current key: {@code v<n>:}. */
    public String currentPrefix() {
        return "v" + currentVersion + ":";
    }

    /** Opens under whichever key sealed it and seals again under the current key. */
    public String reseal(String sealed, String userId) {
        byte[] plain = open(sealed, userId);
        try {
            return seal(plain, userId);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    public String seal(byte[] plaintext, String userId) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(keys.get(currentVersion), Cipher.ENCRYPT_MODE, nonce, plaintext, userId);
        ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
        return currentPrefix() + Base64.getEncoder().encodeToString(out.array());
    }

    /**
     * @throws SecretBoxException if the text is not ours, was altered, belongs to another user or
     *         was sealed under another key (GCM cannot tell these apart, and neither should we)
     */
    public byte[] open(String sealed, String userId) {
        int colon = sealed == null ? -1 : sealed.indexOf(':');
        if (colon < 2 || sealed.charAt(0) != 'v' || !sealed.substring(1, colon).matches("[0-9]{1,9}")) {
            throw new SecretBoxException("not a sealed secret", null);
        }
        SecretKeySpec key = keys.get(Integer.parseInt(sealed.substring(1, colon)));
        if (key == null) {
            throw new SecretBoxException("sealed under key version " + sealed.substring(1, colon) + ", which this engine does not hold", null);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new SecretBoxException("sealed secret is not base64", e);
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretBoxException("sealed secret is too short", null);
        }
        byte[] nonce = Arrays.copyOf(bytes, NONCE_BYTES);
        return crypt(key, Cipher.DECRYPT_MODE, nonce, Arrays.copyOfRange(bytes, NONCE_BYTES, bytes.length), userId);
    }

    private static byte[] crypt(SecretKeySpec key, int mode, byte[] nonce, byte[] input, String userId) {
        try {
            // A new Cipher per call: Cipher objects are not thread-safe, and GCM refuses nonce reuse on one anyway.
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(Objects.requireNonNull(userId, "userId").getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new SecretBoxException("sealed secret does not open for this user under this key", e);
        }
    }
}
