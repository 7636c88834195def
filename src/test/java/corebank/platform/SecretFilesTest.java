package corebank.platform;

import corebank.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Key, credential and bootstrap files: owner-only from the start, in the configured data directory
 * even with an external database, and a key file others may read stops the engine.
 */
class SecretFilesTest {

    @TempDir
    Path temporary;

    @Test
    void aNewKeyFileIsOwnerOnlyInAnOwnerOnlyDirectoryAndLeavesNoTemporaryFile() throws IOException {
        Path keys = temporary.resolve("keys");
        String key = KeyFiles.loadOrCreate(keys, "totp-encryption");
        assertThat(java.util.Base64.getDecoder().decode(key)).hasSize(32);
        assertThat(permissions(keys.resolve("totp-encryption"))).isEqualTo("rw-------");
        assertThat(permissions(keys)).isEqualTo("rwx------");
        try (var listing = Files.list(keys)) {
            assertThat(listing.map(p -> p.getFileName().toString()).toList()).containsExactly("totp-encryption");
        }
        assertThat(KeyFiles.loadOrCreate(keys, "totp-encryption")).as("read again, not replaced").isEqualTo(key);
    }

    @Test
    void aKeyFileItsGroupOrOthersMayReadStopsTheStartWithAClearMessage() throws IOException {
        Path keys = Files.createDirectories(temporary.resolve("keys"));
        Path file = keys.resolve("csrf");
        Files.writeString(file, "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA==\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> KeyFiles.loadOrCreate(keys, "csrf"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("rw-r--r--").hasMessageContaining("chmod 600");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
        assertThatThrownBy(() -> KeyFiles.loadOrCreate(keys, "csrf")).hasMessageContaining("chmod 600");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertThat(KeyFiles.loadOrCreate(keys, "csrf")).startsWith("c2VjcmV0");
    }

    /**
     * The engine as the README starts it, on an external database (COREBANK_DB_URL), the data
     * directory set by -Dcorebank.data-directory: keys, demo credentials and the bootstrap token go
     * there, owner-only, and nothing goes under the default ~/.corebank/data.
     */
    @Test
    void withAnExternalDatabaseTheFilesGoToTheConfiguredDataDirectoryOwnerOnly() throws Exception {
        String database = "secret_files_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database + " OWNER " + EmbeddedDatabase.OWNER_ROLE);
        }
        String url = TestDatabase.get().url().replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
        Path home = Files.createDirectories(temporary.resolve("home"));
        Path configured = temporary.resolve("configured");

        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Duser.home=" + home, "-Dcorebank.data-directory=" + configured,
                "-cp", runtimeClasspath(), "corebank.Application");
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("COREBANK_"));
        env.put("COREBANK_DB_URL", url);
        env.put("COREBANK_DB_USER", EmbeddedDatabase.RUNTIME_ROLE);
        env.put("COREBANK_DB_PASSWORD", "corebank-test");
        env.put("COREBANK_DB_OWNER", EmbeddedDatabase.OWNER_ROLE);
        env.put("COREBANK_DB_OWNER_PASSWORD", "corebank-test");
        env.put("COREBANK_DEMO", "true");
        env.put("COREBANK_BOOTSTRAP_ADMIN", "first-admin");
        env.put("COREBANK_PORT", "-1");
        Process engine = builder.start();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        collect(engine.getInputStream(), output);
        collect(engine.getErrorStream(), output);
        try {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
            while (output.stream().noneMatch(l -> l.contains("Startup completed"))) {
                assertThat(engine.isAlive()).as("the engine runs; output:%n%s", String.join("\n", output)).isTrue();
                assertThat(Instant.now()).as("started within 180 s").isBefore(deadline);
                Thread.sleep(200);
            }
        } finally {
            engine.destroy();
            if (!engine.waitFor(60, TimeUnit.SECONDS)) {
                engine.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        for (String file : List.of("demo-credentials.txt", "bootstrap-admin-enrollment.txt", "keys/jwt-secret",
                "keys/totp-encryption", "keys/csrf", "keys/audit-signing-ed25519")) {
            assertThat(configured.resolve(file)).as(file).exists();
            assertThat(permissions(configured.resolve(file))).as(file).isEqualTo("rw-------");
        }
        assertThat(Files.readString(configured.resolve("demo-credentials.txt"))).contains("alice CUSTOMER demo-");
        assertThat(Files.readString(configured.resolve("bootstrap-admin-enrollment.txt"))).contains("enrollmentToken=");
        assertThat(home.resolve(".corebank")).as("nothing under the default data directory").doesNotExist();
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static String runtimeClasspath() {
        String separator = System.getProperty("path.separator");
        return Arrays.stream(System.getProperty("java.class.path").split(separator))
                .filter(entry -> !Path.of(entry).getFileName().toString().equals("test-classes"))
                .collect(Collectors.joining(separator));
    }

    private static void collect(InputStream stream, List<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException closed) {
                // the process went away
            }
        }, "engine-output");
        reader.setDaemon(true);
        reader.start();
    }
}
