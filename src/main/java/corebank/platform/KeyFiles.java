package corebank.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Keys kept as files outside the database: each a base64 line of 32 random bytes, created on
 * first use owner-only from the start ({@link OwnerOnlyFiles}). An existing key file that its
 * group or others may access stops the engine at start. The default run keeps them under its data
 * directory; production passes them through the environment or a mounted secrets directory instead.
 */
public final class KeyFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyFiles() {
    }

    public static String loadOrCreate(Path directory, String name) throws IOException {
        Path file = directory.resolve(name);
        if (Files.exists(file)) {
            OwnerOnlyFiles.requireOwnerOnly(file);
            return Files.readString(file).trim();
        }
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        String encoded = Base64.getEncoder().encodeToString(key);
        OwnerOnlyFiles.write(file, encoded + "\n");
        return encoded;
    }
}
