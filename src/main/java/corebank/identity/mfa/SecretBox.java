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
 * open. Output is {@code v1:<base64(nonce | ciphertext | tag)>}; "v1" names this format so a
 * later one (say, with a key id for rotation) can be told apart.
 *
 * <p>Not a bean: the key comes from key management, which decides where it lives.
 */
public final class SecretBox {

    public static final int KEY_BYTES = 32;
    // 96-bit random nonces: GCM's recommended size; safe for about 2^32 encryptions under one key,
    // far more than TOTP enrolments will ever make.
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String PREFIX = "v1:";

    private final SecretKeySpec key;
    private final SecureRandom random;

    public SecretBox(byte[] key) {
        this(key, new SecureRandom());
    }

    public SecretBox(byte[] key, SecureRandom random) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("SecretBox key must be " + KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key, "AES"); // copies the key
        this.random = Objects.requireNonNull(random, "random");
    }

    public String seal(byte[] plaintext, String userId) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, nonce, plaintext, userId);
        ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
        return PREFIX + Base64.getEncoder().encodeToString(out.array());
    }

    /**
     * @throws SecretBoxException if the text is not ours, was altered, belongs to another user or
     *         was sealed under another key (GCM cannot tell these apart, and neither should we)
     */
    public byte[] open(String sealed, String userId) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new SecretBoxException("not a v1 sealed secret", null);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new SecretBoxException("sealed secret is not base64", e);
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretBoxException("sealed secret is too short", null);
        }
        byte[] nonce = Arrays.copyOf(bytes, NONCE_BYTES);
        return crypt(Cipher.DECRYPT_MODE, nonce, Arrays.copyOfRange(bytes, NONCE_BYTES, bytes.length), userId);
    }

    private byte[] crypt(int mode, byte[] nonce, byte[] input, String userId) {
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
