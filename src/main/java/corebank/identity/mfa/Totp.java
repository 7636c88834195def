package corebank.identity.mfa;

import corebank.identity.IdentitySettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Time-based one-time passwords (RFC 6238): HOTP (RFC 4226) over the number of {@code stepSeconds}
 * steps since the Unix epoch. Stateless: refusing a replayed code is the caller's job, which is why
 * {@link #matchingStep} says which step matched.
 */
@Singleton
public final class Totp {

    /** A wider window accepts more codes per guess; RFC 6238 §5.2 recommends at most one step back. */
    public static final int SKEW_STEPS_MAX = 10;

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private final TotpAlgorithm algorithm;
    private final int digits;
    private final int stepSeconds;

    @Inject
    public Totp(IdentitySettings settings) {
        this(settings.totpAlgorithm(), settings.totpDigits(), settings.totpStepSeconds());
    }

    /**
     * What an authenticator app computes from a bare Base32 secret: the otpauth key URI format's
     * own defaults (SHA1, 6 digits, 30 s). For tools outside the engine; the engine itself uses
     * {@code corebank.identity.totp-*}.
     */
    public static Totp authenticatorApp() {
        return new Totp(TotpAlgorithm.SHA1, 6, 30);
    }

    public Totp(TotpAlgorithm algorithm, int digits, int stepSeconds) {
        if (digits != 6 && digits != 8) {
            throw new IllegalArgumentException("TOTP digits must be 6 or 8, not " + digits);
        }
        if (stepSeconds < 1) {
            throw new IllegalArgumentException("TOTP step must be at least one second");
        }
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.digits = digits;
        this.stepSeconds = stepSeconds;
    }

    public TotpAlgorithm algorithm() {
        return algorithm;
    }

    public int digits() {
        return digits;
    }

    public int stepSeconds() {
        return stepSeconds;
    }

    /** The time step {@code unixSeconds} falls in (RFC 6238's T, with T0 = 0). */
    public long step(long unixSeconds) {
        if (unixSeconds < 0) {
            throw new IllegalArgumentException("time before the Unix epoch: " + unixSeconds);
        }
        return unixSeconds / stepSeconds;
    }

    /** The code an authenticator app shows at {@code unixSeconds}. */
    public String code(byte[] secret, long unixSeconds) {
        return hotp(secret, step(unixSeconds));
    }

    /**
     * The step whose code is {@code code}, trying the current step first, then one step either
     * side, and so on up to {@code skewSteps} steps away (for clocks that drift and codes typed
     * near a step's end); empty if none matches or {@code code} is not {@code digits} ASCII digits.
     */
    public OptionalLong matchingStep(byte[] secret, String code, long unixSeconds, int skewSteps) {
        if (skewSteps < 0 || skewSteps > SKEW_STEPS_MAX) {
            throw new IllegalArgumentException("skew must be 0.." + SKEW_STEPS_MAX + " steps, not " + skewSteps);
        }
        long current = step(unixSeconds);
        if (code == null || code.length() != digits || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        for (int distance = 0; distance <= skewSteps; distance++) {
            for (long candidate : distance == 0 ? new long[] {current} : new long[] {current - distance, current + distance}) {
                // Constant-time, so response timing does not reveal how many leading digits were right.
                if (candidate >= 0 && MessageDigest.isEqual(given, hotp(secret, candidate).getBytes(StandardCharsets.US_ASCII))) {
                    return OptionalLong.of(candidate);
                }
            }
        }
        return OptionalLong.empty();
    }

    /** RFC 4226 HOTP: HMAC of the 8-byte big-endian counter, dynamically truncated to {@code digits} digits. */
    public String hotp(byte[] secret, long counter) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("TOTP secret is empty");
        }
        HMac mac = new HMac(algorithm.newDigest());
        mac.init(new KeyParameter(secret));
        for (int shift = 56; shift >= 0; shift -= 8) {
            mac.update((byte) (counter >>> shift));
        }
        byte[] hash = new byte[mac.getMacSize()];
        mac.doFinal(hash, 0);
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = (hash[offset] & 0x7f) << 24 | (hash[offset + 1] & 0xff) << 16 | (hash[offset + 2] & 0xff) << 8 | (hash[offset + 3] & 0xff);
        String code = Integer.toString(binary % POWERS_OF_TEN[digits]);
        return "0".repeat(digits - code.length()) + code;
    }
}
