package corebank.identity.mfa;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.commons.codec.CodecPolicy;
import org.apache.commons.codec.binary.Base32;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * New TOTP secrets and the two forms a user sees them in: Base32 text to type into an app, and the
 * otpauth URI (Google Authenticator's Key URI format) behind the enrolment QR code.
 */
@Singleton
public final class TotpSecret {

    /** 160 bits: RFC 4226 §4 asks for at least 128 and recommends 160, the size of an HMAC-SHA1 block's key. */
    public static final int SECRET_BYTES = 20;
    public static final String ISSUER = "Corebank";

    // Strict: commons-codec would otherwise skip characters outside the alphabet and ignore stray trailing bits.
    private static final Base32 BASE32 = Base32.builder().setDecodingPolicy(CodecPolicy.STRICT).get();
    private static final Pattern BASE32_TEXT = Pattern.compile("[A-Z2-7]*");

    private final Totp totp;
    private final SecureRandom random;

    @Inject
    public TotpSecret(Totp totp) {
        this(totp, new SecureRandom());
    }

    public TotpSecret(Totp totp, SecureRandom random) {
        this.totp = Objects.requireNonNull(totp, "totp");
        this.random = Objects.requireNonNull(random, "random");
    }

    public byte[] generate() {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return secret;
    }

    /** RFC 4648 Base32, upper-case, without the '=' padding authenticator apps do not want. */
    public static String toBase32(byte[] bytes) {
        return BASE32.encodeAsString(bytes).replace("=", "");
    }

    /** Reads Base32 as apps and people write it: any case, spaces between groups, padding optional. */
    public static byte[] fromBase32(String text) {
        String compact = text.replace(" ", "").replace("=", "").toUpperCase(Locale.ROOT);
        if (!BASE32_TEXT.matcher(compact).matches()) {
            throw new IllegalArgumentException("not Base32 text");
        }
        return BASE32.decode(compact);
    }

    /**
     * The URI an authenticator app enrols from. The parameters are the verifier's own, so an app
     * that honours them produces exactly the codes {@link Totp} accepts.
     */
    public String otpauthUri(String account, byte[] secret) {
        return "otpauth://totp/" + ISSUER + ":" + urlEncode(account)
                + "?secret=" + toBase32(secret)
                + "&issuer=" + urlEncode(ISSUER)
                + "&algorithm=" + totp.algorithm().name()
                + "&digits=" + totp.digits()
                + "&period=" + totp.stepSeconds();
    }

    // URLEncoder does form encoding; a space must be %20 in a URI, not '+'.
    private static String urlEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
