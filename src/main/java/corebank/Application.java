package corebank;

import corebank.platform.EmbeddedDatabase;
import corebank.platform.LogRouting;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Contact;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts the engine. Without {@code COREBANK_DB_URL} it starts an embedded PostgreSQL whose data
 * lives in {@code COREBANK_DATA_DIR} (default {@code ~/.corebank/data}) and seeds the demo bank.
 * Keys not given in the environment are read from, or created in, {@code COREBANK_KEYS_DIR}
 * (default: {@code keys/} in the data directory).
 */
@OpenAPIDefinition(info = @Info(title = "Corebank", version = "0.1",
        description = "Core banking transaction engine: double-entry ledger; customer, teller, admin and auditor APIs",
        contact = @Contact(name = "Corebank engineering", email = "corebank@example.com"),
        license = @License(name = "Proprietary", url = "https://example.com/corebank/license")),
        servers = @Server(url = "http://127.0.0.1:8080", description = "The engine's default address (COREBANK_HOST, COREBANK_PORT)"),
        security = {@SecurityRequirement(name = Application.BEARER), @SecurityRequirement(name = Application.SESSION_COOKIE)})
@SecurityScheme(name = Application.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "The accessToken of POST /api/v1/auth/second-factor or /auth/refresh")
@SecurityScheme(name = Application.SESSION_COOKIE, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.COOKIE,
        paramName = "__Host-cb-access",
        description = "The web app's session cookie; a state-changing call (POST, PUT, PATCH, DELETE) with it also sends "
                + "the session's csrfToken in the X-CSRF-Token header (scheme csrfToken), else 403")
@SecurityScheme(name = Application.CSRF_TOKEN, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        paramName = "X-CSRF-Token", description = "The session's csrfToken; required with the session cookie on state-changing calls")
public class Application {

    /** The OpenAPI security schemes: a bearer access token, or the web app's cookie with its CSRF header. */
    static final String BEARER = "bearerAuth";
    static final String SESSION_COOKIE = "sessionCookie";
    static final String CSRF_TOKEN = "csrfToken";

    public static void main(String[] args) throws Exception {
        // standard output carries only JSON log lines (logback.xml); notes for a person go to stderr
        LogRouting.install();
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        Map<String, Object> properties = new HashMap<>();
        // -Dcorebank.data-directory, else COREBANK_DATA_DIR, else ~/.corebank/data: one answer for every file below
        Path dataDirectory = corebank.platform.DataDirectory.fromEnvironment();
        Path keys = Path.of(env("COREBANK_KEYS_DIR", dataDirectory.resolve("keys").toString()));
        // files the engine writes (bootstrap token, demo credentials) go here, embedded database or not
        properties.put(corebank.platform.DataDirectory.PROPERTY, dataDirectory.toString());
        keyProperty(properties, "COREBANK_JWT_SECRET", "micronaut.security.token.jwt.signatures.secret.generator.secret", keys, "jwt-secret");
        keyProperty(properties, "COREBANK_TOTP_KEY", "corebank.identity.keys.totp-encryption", keys, "totp-encryption");
        keyProperty(properties, "COREBANK_CSRF_KEY", "corebank.identity.keys.csrf", keys, "csrf");
        keyProperty(properties, "COREBANK_AUDIT_SIGNING_KEY", "corebank.audit.signing-key", keys, "audit-signing-ed25519");
        String url = System.getenv("COREBANK_DB_URL");
        AtomicReference<ApplicationContext> engine = new AtomicReference<>();
        if (url == null || url.isBlank()) {
            int port = Integer.parseInt(env("COREBANK_EMBEDDED_DB_PORT", "0"));
            EmbeddedDatabase database = EmbeddedDatabase.startForRunCommand(dataDirectory.resolve("pgdata"), port);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    // Shutdown hooks run concurrently: Micronaut's own hook stops the engine (a
                    // graceful shutdown drains the ledger), and the database must outlive that.
                    awaitStopped(engine.get());
                    database.close();
                } catch (Exception ignored) {
                    // the JVM is going away; PostgreSQL's own shutdown is the fallback
                }
            }, "embedded-postgres-stop"));
            properties.put("datasources.default.url", database.jdbcUrl());
            properties.put("datasources.default.username", EmbeddedDatabase.RUNTIME_ROLE);
            properties.put("datasources.default.password", "");
            properties.put("datasources.owner.url", database.jdbcUrl());
            properties.put("datasources.owner.username", EmbeddedDatabase.OWNER_ROLE);
            properties.put("datasources.owner.password", "");
            properties.put("corebank.demo.enabled", env("COREBANK_DEMO", "true"));
        }
        engine.set(Micronaut.build(args).mainClass(Application.class).banner(false).properties(properties).start());
    }

    /** Waits (at most a minute) until Micronaut's shutdown hook has stopped the engine. */
    private static void awaitStopped(ApplicationContext engine) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (engine != null && engine.isRunning() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** A key from the environment if given there, else from (or newly into) the keys directory. */
    private static void keyProperty(Map<String, Object> properties, String envName, String property, Path keys,
                                    String file) throws java.io.IOException {
        String fromEnv = System.getenv(envName);
        if (fromEnv == null || fromEnv.isBlank()) {
            properties.put(property, corebank.platform.KeyFiles.loadOrCreate(keys, file));
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
