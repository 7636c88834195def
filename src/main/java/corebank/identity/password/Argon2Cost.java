package corebank.identity.password;

/**
 * The work factors of one Argon2id hash.
 *
 * @param memoryKib   memory filled per hash, in KiB
 * @param iterations  passes over that memory
 * @param parallelism lanes
 */
public record Argon2Cost(int memoryKib, int iterations, int parallelism) {

    /** OWASP Password Storage Cheat Sheet's minimum for Argon2id: 19 MiB, 2 passes, 1 lane. */
    public static final Argon2Cost OWASP_MINIMUM = new Argon2Cost(19_456, 2, 1);

    public Argon2Cost {
        // Argon2 itself needs 8 KiB per lane; anything below is not a valid parameter set.
        if (parallelism < 1 || iterations < 1 || memoryKib < 8 * parallelism) {
            throw new IllegalArgumentException("invalid Argon2 cost: m=" + memoryKib + " KiB, t=" + iterations + ", p=" + parallelism);
        }
    }

    /**
     * Whether an attacker guessing against a hash of this cost pays less than against {@code other}.
     * Only memory and passes count: lanes let the defender use more cores, they do not add work.
     */
    public boolean weakerThan(Argon2Cost other) {
        return memoryKib < other.memoryKib || iterations < other.iterations;
    }
}
