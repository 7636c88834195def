package corebank.build;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.ui.LoggerUIService;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.ForcedType;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Logging;
import org.jooq.meta.jaxb.Target;
import org.jooq.tools.JooqLogger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

/**
 * Build step, not part of the engine: generates the jOOQ classes of the schema (package
 * {@code corebank.jooq}) from db/changelog.xml. Maven runs it in generate-sources as a
 * single-file program in a JVM of its own (pom.xml, execution {@code jooq-codegen}).
 *
 * <p>The schema is read from a real PostgreSQL, not parsed: a throwaway embedded server (the
 * same binaries as the default run and the tests) is migrated by Liquibase as the engine
 * migrates on start, then jOOQ's PostgresDatabase reads its catalog. So every PostgreSQL type
 * (jsonb, timestamptz, uuid, text[]) comes out as the engine sees it, and a renamed column
 * breaks the build of every query that names it.
 *
 * <p>Arguments: the db/ directory, the output directory, the package, and the marker file
 * that tells Maven the output is up to date (written last, so a failed run repeats).
 */
public final class JooqCodegen {

    // Role names as in corebank.platform.EmbeddedDatabase (this file cannot see the engine's
    // classes: it runs before they are compiled). 006-runtime-role grants to the runtime role.
    private static final String OWNER_ROLE = "corebank_owner";
    private static final String RUNTIME_ROLE = "corebank_app";
    private static final String DATABASE = "corebank";
    /** Held: java.util.logging keeps only weak references, and a collected logger forgets its level. */
    private static final java.util.logging.Logger LIQUIBASE_LOG = java.util.logging.Logger.getLogger("liquibase");

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]).toAbsolutePath();
        Path output = Path.of(args[1]).toAbsolutePath();
        String packageName = args[2];
        Path marker = Path.of(args[3]).toAbsolutePath();
        long started = System.nanoTime();
        quietLogging();
        Files.deleteIfExists(marker);
        long serverReady;
        long migrated;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start()) {
            String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
            createRolesAndDatabase(postgres);
            serverReady = System.nanoTime();
            migrate(db, url);
            migrated = System.nanoTime();
            generate(url, output, packageName);
        }
        long generated = System.nanoTime();
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, "generated from " + db.resolve("changelog.xml") + "\n");
        System.err.printf("jOOQ classes of db/changelog.xml generated into %s in %.1f s"
                        + " (PostgreSQL %.1f s, Liquibase %.1f s, jOOQ %.1f s)%n", output, seconds(started, generated),
                seconds(started, serverReady), seconds(serverReady, migrated), seconds(migrated, generated));
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }

    private static void createRolesAndDatabase(EmbeddedPostgres postgres) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + OWNER_ROLE + " LOGIN");
            s.execute("CREATE ROLE " + RUNTIME_ROLE + " LOGIN");
            s.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER_ROLE);
        }
    }

    /** As the engine does on start: the owner role applies the changelog, no contexts. */
    private static void migrate(Path db, String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, OWNER_ROLE, "");
             DirectoryResourceAccessor changelogs = new DirectoryResourceAccessor(db)) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            Liquibase liquibase = new Liquibase("changelog.xml", changelogs, database);
            // its console output (each changeset, a summary) goes to its log, which is quiet below WARNING
            liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
            Scope.child(Scope.Attr.ui.name(), new LoggerUIService(),
                    () -> liquibase.update(new Contexts(), new LabelExpression()));
        }
    }

    private static void generate(String url, Path output, String packageName) throws Exception {
        GenerationTool.generate(new Configuration()
                .withLogging(Logging.WARN)
                .withJdbc(new Jdbc().withDriver("org.postgresql.Driver").withUrl(url).withUser(OWNER_ROLE).withPassword(""))
                .withGenerator(new Generator()
                        .withDatabase(new org.jooq.meta.jaxb.Database()
                                .withName("org.jooq.meta.postgres.PostgresDatabase")
                                .withInputSchema("public")
                                // Liquibase's bookkeeping is not the engine's schema; trigger functions are not API
                                .withExcludes("databasechangelog|databasechangeloglock")
                                .withIncludeRoutines(false)
                                // the engine's time is java.time.Instant; timestamptz stores an instant
                                .withForcedTypes(new ForcedType()
                                        .withName("INSTANT")
                                        .withIncludeTypes("(?i:timestamp\\ with\\ time\\ zone|timestamptz)")))
                        .withGenerate(new Generate()
                                .withJavaTimeTypes(true)
                                .withGeneratedAnnotation(false)
                                // journal_entries references itself (reversals): to-many paths would clash
                                .withImplicitJoinPathsToMany(false)
                                .withPojos(false)
                                .withDaos(false))
                        .withTarget(new Target()
                                .withPackageName(packageName)
                                .withDirectory(output.toString())
                                .withClean(true))));
    }

    private static void quietLogging() {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        JooqLogger.globalThreshold(org.jooq.Log.Level.WARN);
        LIQUIBASE_LOG.setLevel(java.util.logging.Level.WARNING);
        System.setProperty("liquibase.analytics.enabled", "false");
    }
}
