package corebank.platform;

import java.nio.file.Path;

/**
 * Where the engine keeps its files (generated keys, the embedded cluster, demo credentials, the
 * bootstrap enrollment token): the setting {@code corebank.data-directory}, which
 * {@code corebank.Application} fills from {@code -Dcorebank.data-directory} or {@code COREBANK_DATA_DIR},
 * else {@code ~/.corebank/data}, whether the database is embedded or not.
 */
public final class DataDirectory {

    public static final String PROPERTY = "corebank.data-directory";

    private DataDirectory() {
    }

    /** The configured directory, or the default when the setting is blank. */
    public static Path resolve(String configured) {
        return configured == null || configured.isBlank()
                ? Path.of(System.getProperty("user.home"), ".corebank", "data") : Path.of(configured);
    }

    /** What the configuration of this JVM says: the system property, else COREBANK_DATA_DIR, else the default. */
    public static Path fromEnvironment() {
        String property = System.getProperty(PROPERTY);
        return resolve(property != null && !property.isBlank() ? property : System.getenv("COREBANK_DATA_DIR"));
    }
}
