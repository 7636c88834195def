package corebank.ledger;

import corebank.platform.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A client's Idempotency-Key, scoped to the principal that sent it, with the hash of the
 * request it first came with. A second request with the same key gets the first outcome back;
 * with the same key but another body it is refused with {@code idempotency_conflict}.
 */
public record IdempotencyRef(String scope, String key) {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern ACCEPTABLE = Pattern.compile("[\\x21-\\x7E]{1,128}");

    public static IdempotencyRef of(String scope, String key) {
        if (key == null || key.isBlank()) {
            throw LedgerException.invalid(ErrorCode.IDEMPOTENCY_KEY_MISSING,
                    "every money-moving request needs an Idempotency-Key header (for example a UUID)", HEADER);
        }
        if (!ACCEPTABLE.matcher(key).matches()) {
            throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED,
                    "Idempotency-Key must be 1 to 128 printable ASCII characters", HEADER);
        }
        return new IdempotencyRef(scope, key);
    }

    public static String hash(String canonicalRequest) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
