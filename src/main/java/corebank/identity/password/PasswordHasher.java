package corebank.identity.password;

import corebank.identity.IdentitySettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hashes passwords with Argon2id and stores them as the standard PHC string
 * {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>} (base64 without padding), so the
 * parameters travel with each hash and can be raised later without breaking old ones.
 */
@Singleton
public final class PasswordHasher {

    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;

    // Bounds on what a stored string may ask for: a corrupted or planted row must not make one
    // login allocate gigabytes or spin for minutes. Generous above anything we would configure.
    private static final int MEMORY_KIB_MAX = 1 << 20;
    private static final int ITERATIONS_MAX = 64;
    private static final int PARALLELISM_MAX = 16;
    private static final int SALT_BYTES_MIN = 8;   // Argon2's own minimum; older hashes may have less than ours
    private static final int HASH_BYTES_MIN = 16;
    private static final int HASH_BYTES_MAX = 64;

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,10})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private final Argon2Cost cost;
    private final SecureRandom random;

    @Inject
    public PasswordHasher(IdentitySettings settings) {
        this(settings.argon2Cost(), new SecureRandom());
    }

    public PasswordHasher(Argon2Cost cost, SecureRandom random) {
        if (cost.weakerThan(Argon2Cost.OWASP_MINIMUM)) {
            throw new IllegalArgumentException("Argon2 cost " + cost + " is below OWASP's minimum " + Argon2Cost.OWASP_MINIMUM);
        }
        this.cost = cost;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A new PHC string for the password, under a fresh random salt. */
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2id(password, salt, cost, HASH_BYTES);
        return "$argon2id$v=19$m=" + cost.memoryKib() + ",t=" + cost.iterations() + ",p=" + cost.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Whether the password produced the stored hash, recomputed with the stored parameters.
     *
     * @throws IllegalArgumentException if {@code encoded} is not an Argon2id PHC string we accept: a
     *         broken stored hash is a data fault to surface, not a wrong password
     */
    public boolean verify(char[] password, String encoded) {
        Stored stored = Stored.parse(encoded);
        byte[] actual = argon2id(password, stored.salt(), stored.cost(), stored.hash().length);
        return MessageDigest.isEqual(actual, stored.hash());
    }

    /** Whether a hash (that just verified) should be replaced by one made with today's parameters. */
    public boolean needsRehash(String encoded) {
        Stored stored = Stored.parse(encoded);
        return stored.cost().weakerThan(cost) || stored.salt().length < SALT_BYTES || stored.hash().length < HASH_BYTES;
    }

    static byte[] argon2id(char[] password, byte[] salt, Argon2Cost cost, int hashBytes) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKib())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] hash = new byte[hashBytes];
        // Each hash holds its whole memory cost (19 MiB): a flood of logins from many addresses
        // must queue here rather than exhaust the heap.
        HASHING.acquireUninterruptibly();
        try {
            generator.generateBytes(Objects.requireNonNull(password, "password"), hash); // UTF-8, as other Argon2 implementations
        } finally {
            HASHING.release();
        }
        return hash;
    }

    /** At most this many hashes at once, per engine: 4 x 19 MiB, and more would only share 2 cores. */
    private static final java.util.concurrent.Semaphore HASHING = new java.util.concurrent.Semaphore(4);

    private record Stored(Argon2Cost cost, byte[] salt, byte[] hash) {

        static Stored parse(String encoded) {
            Matcher m = PHC.matcher(Objects.requireNonNull(encoded, "encoded"));
            if (!m.matches()) {
                throw new IllegalArgumentException("not an argon2id v=19 PHC string");
            }
            long memoryKib = Long.parseLong(m.group(1));
            long iterations = Long.parseLong(m.group(2));
            long parallelism = Long.parseLong(m.group(3));
            if (memoryKib > MEMORY_KIB_MAX || iterations > ITERATIONS_MAX || parallelism > PARALLELISM_MAX) {
                throw new IllegalArgumentException("stored Argon2 parameters out of bounds");
            }
            Argon2Cost cost = new Argon2Cost((int) memoryKib, (int) iterations, (int) parallelism);
            byte[] salt = Base64.getDecoder().decode(m.group(4));
            byte[] hash = Base64.getDecoder().decode(m.group(5));
            if (salt.length < SALT_BYTES_MIN || hash.length < HASH_BYTES_MIN || hash.length > HASH_BYTES_MAX) {
                throw new IllegalArgumentException("stored salt or hash length out of bounds");
            }
            return new Stored(cost, salt, hash);
        }
    }
}
