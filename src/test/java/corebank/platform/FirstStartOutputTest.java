package corebank.platform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import corebank.support.ChildEngine;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's first start, as the README's run command makes it (corebank.Application in its own
 * JVM, an embedded PostgreSQL initialised in an empty data directory, migrations, keys and the demo
 * bank), writes nothing but JSON log lines to standard output, up to and including its shutdown:
 * Liquibase, the embedded PostgreSQL and the banners included. The notes for a person go to stderr.
 */
class FirstStartOutputTest {

    private static final Duration START_LIMIT = Duration.ofSeconds(180);
    /** Micronaut's last line of a start, after every startup listener (keys, demo bank, banners) is done. */
    private static final Pattern STARTED = Pattern.compile("Startup completed in \\d+ms\\. Server Running: (http://[^\"]+)\"");
    private static final JsonFactory JSON = new JsonFactory();
    private static final JsonMapper MAPPER = JsonMapper.createDefault();

    @TempDir
    Path dataDirectory;

    @Test
    void everyLineOnStandardOutputIsJson() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", ChildEngine.runtimeClasspath(), "corebank.Application");
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("COREBANK_"));
        env.put("COREBANK_DATA_DIR", dataDirectory.toString());
        env.put("COREBANK_PORT", "-1"); // any free port; the banner says which
        Process engine = builder.start();
        List<String> stdout = Collections.synchronizedList(new ArrayList<>());
        List<String> stderr = Collections.synchronizedList(new ArrayList<>());
        Thread out = collect(engine.getInputStream(), stdout);
        Thread err = collect(engine.getErrorStream(), stderr);
        try {
            URI url = awaitListening(engine, stdout, stderr);
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.resolve("/health"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as("health: %s", health.body()).isEqualTo(200);
            assertThat(durabilityOfTheEmbeddedServer(stdout)).as("fsync/synchronous_commit/full_page_writes of the run command's PostgreSQL")
                    .isEqualTo("on/on/on");
            engine.destroy(); // SIGTERM: the shutdown hooks stop the server and the embedded PostgreSQL
            assertThat(engine.waitFor(60, TimeUnit.SECONDS)).as("the engine stops").isTrue();
        } finally {
            stopForcibly(engine);
        }
        out.join(10_000);
        err.join(10_000);

        List<String> lines = List.copyOf(stdout);
        List<String> notJson = lines.stream().filter(l -> !isOneJsonObject(l)).toList();
        assertThat(notJson).as("stdout lines that are not one JSON object (stderr:%n%s)", String.join("\n", stderr)).isEmpty();
        List<Map<String, Object>> records = new ArrayList<>();
        for (String line : lines) {
            records.add(MAPPER.readValue(line, Argument.mapOf(String.class, Object.class)));
        }
        assertThat(records).allSatisfy(r -> assertThat(r).containsKeys("timestamp", "level", "loggerName", "formattedMessage"));
        assertThat(records).extracting(r -> r.get("loggerName")).as("the first start's steps, logged as JSON")
                .contains(EmbeddedDatabase.class.getName(), "io.micronaut.liquibase.AbstractLiquibaseMigration",
                        "corebank.demo.DemoBank", "corebank.demo.DemoCashDesk", StartupBanner.class.getName());
        assertThat(stderr).as("the banner for a person, on stderr").anyMatch(l -> l.startsWith("Corebank is listening on http://"));
        assertThat(records).extracting(r -> String.valueOf(r.get("formattedMessage")))
                .as("the demo's pending approval for supervisor sue").anyMatch(m -> m.startsWith("demo approval request ")
                        && m.contains("(cash-withdrawal) by tom for supervisor sue: PENDING"));
        assertThat(Files.readAllLines(dataDirectory.resolve("demo-credentials.txt")))
                .as("two administrators, so one approves the other's MFA resets").anyMatch(l -> l.startsWith("ada ADMIN "))
                .anyMatch(l -> l.startsWith("abe ADMIN "));
        assertThat(Files.exists(dataDirectory.resolve("pgdata").resolve("postmaster.pid"))).as("PostgreSQL stopped with it").isFalse();
    }

    /** Read back with SHOW from the embedded server the engine started (its port is in the log). */
    private static String durabilityOfTheEmbeddedServer(List<String> stdout) throws java.sql.SQLException {
        Pattern logged = Pattern.compile("embedded PostgreSQL on port (\\d+)");
        String port;
        synchronized (stdout) {
            port = stdout.stream().map(logged::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst().orElseThrow();
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/corebank", "postgres", "");
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT current_setting('fsync') || '/' || current_setting('synchronous_commit')"
                     + " || '/' || current_setting('full_page_writes')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Thread collect(InputStream stream, List<String> lines) {
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
        return reader;
    }

    /** The engine's URL, once its start is complete. */
    private static URI awaitListening(Process engine, List<String> stdout, List<String> stderr) throws InterruptedException {
        Instant deadline = Instant.now().plus(START_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (!engine.isAlive()) {
                throw new AssertionError("the engine stopped with " + engine.exitValue() + "; stdout:\n"
                        + String.join("\n", stdout) + "\nstderr:\n" + String.join("\n", stderr));
            }
            synchronized (stdout) {
                for (String line : stdout) {
                    Matcher m = STARTED.matcher(line.replace("\\/", "/"));
                    if (m.find()) {
                        return URI.create(m.group(1));
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the engine did not listen within " + START_LIMIT + "; stderr:\n" + String.join("\n", stderr));
    }

    private static boolean isOneJsonObject(String line) {
        try (JsonParser parser = JSON.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Only if the engine did not stop by itself: then its PostgreSQL, which the shutdown hook would have stopped, too. */
    private void stopForcibly(Process engine) throws Exception {
        if (!engine.isAlive()) {
            return;
        }
        engine.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Path pid = dataDirectory.resolve("pgdata").resolve("postmaster.pid");
        if (Files.exists(pid)) {
            ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).trim())).ifPresent(ProcessHandle::destroy);
        }
    }
}
