package corebank.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The engine as a child process of a test: {@code corebank.Application} in its own JVM, on the
 * runtime classpath of the test (without the test classes, so as the run command runs it).
 */
public final class ChildEngine {

    private ChildEngine() {
    }

    /** The classpath of this test JVM minus the test classes (their logback-test.xml, factories and settings). */
    public static String runtimeClasspath() {
        String separator = System.getProperty("path.separator");
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(separator))
                .filter(entry -> !Path.of(entry).getFileName().toString().equals("test-classes"))
                .collect(Collectors.joining(separator));
        if (!classpath.contains("classes")) {
            throw new IllegalStateException("the engine's classes are not on the test's classpath: " + classpath);
        }
        return classpath;
    }

    /**
     * Another engine instance on the test database (as the runtime role, sessions named
     * {@code applicationName}), sharing this test JVM's keys (TestKeys), listening on
     * {@code port}; its output goes to {@code engine.log} in {@code dataDirectory}.
     * {@code properties} become system properties of its JVM (settings such as
     * {@code corebank.database.idle-in-transaction-timeout}).
     */
    public static Process startOnTestDatabase(Path dataDirectory, int port, String applicationName,
                                              Map<String, String> properties) throws IOException {
        Files.createDirectories(dataDirectory);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-cp", runtimeClasspath(), "corebank.Application"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("COREBANK_"));
        TestDatabase.Coordinates db = TestDatabase.get();
        env.put("COREBANK_DB_URL", ProcessPause.named(db.url(), applicationName));
        env.put("COREBANK_DB_USER", corebank.platform.EmbeddedDatabase.RUNTIME_ROLE);
        env.put("COREBANK_DB_PASSWORD", TestDatabase.RUNTIME_PASSWORD);
        env.put("COREBANK_DB_OWNER", corebank.platform.EmbeddedDatabase.OWNER_ROLE);
        env.put("COREBANK_DB_OWNER_PASSWORD", TestDatabase.RUNTIME_PASSWORD);
        env.put("COREBANK_DB_POOL_SIZE", "8");
        env.put("COREBANK_DATA_DIR", dataDirectory.toString());
        env.put("COREBANK_PORT", Integer.toString(port));
        env.put("COREBANK_DEMO", "false");
        env.put("COREBANK_LOG_LEVEL", "WARN");
        env.put("COREBANK_JWT_SECRET", TestKeys.PROPERTIES.get("micronaut.security.token.jwt.signatures.secret.generator.secret"));
        env.put("COREBANK_TOTP_KEY", TestKeys.PROPERTIES.get("corebank.identity.keys.totp-encryption"));
        env.put("COREBANK_CSRF_KEY", TestKeys.PROPERTIES.get("corebank.identity.keys.csrf"));
        env.put("COREBANK_AUDIT_SIGNING_KEY", TestKeys.PROPERTIES.get("corebank.audit.signing-key"));
        builder.redirectErrorStream(true).redirectOutput(dataDirectory.resolve("engine.log").toFile());
        return builder.start();
    }

    /** Waits until {@code engine} answers 200 on /health, at most {@code limit}. */
    public static void awaitHealthy(Process engine, URI base, Duration limit, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!engine.isAlive()) {
                throw new IllegalStateException("the engine stopped with " + engine.exitValue() + ": " + Files.readString(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the engine did not start within " + limit + "; see " + log);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
