package corebank.audit;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.TestDatabase;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tamper-evident audit trail: sealing, signed checkpoints, proofs checked by an independent
 * RFC 6962 recomputation, the runtime role's limits, and tampering found by both the engine
 * and the offline verifier at the first bad position.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTrailTest implements DatabaseTest {

    @Override
    public Map<String, String> extraProperties() {
        // sealing is driven by the test, so that positions are known
        return Map.of("corebank.audit.seal-interval", "1h", "corebank.audit.verify-interval", "1h");
    }

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;
    /** Where the exports for the offline verifier go; JUnit removes it afterwards. */
    @org.junit.jupiter.api.io.TempDir
    Path exports;
    @Inject
    AuditSequencer sequencer;

    Api auditor;
    Api teller;

    @BeforeAll
    void setUp() {
        auditor = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.AUDITOR).accessToken());
        teller = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
        String equity = teller.openEquity("EUR");
        for (int i = 0; i < 12; i++) {
            teller.fund(equity, teller.openCustomer("EUR"), "1" + i + ".00", "EUR");
        }
        sealEverything();
    }

    private long sealEverything() {
        while (sequencer.sealOnce() > 0) {
            // until nothing is left
        }
        return ((Number) checkpoint().get("treeSize")).longValue();
    }

    private Map checkpoint() {
        return auditor.body(auditor.get("/audit/v1/checkpoints/latest"));
    }

    @Test
    void everyCommittedEventIsSealedAndTheCheckpointVerifies() throws Exception {
        while (sequencer.sealOnce() > 0) {
            // seal all, with no API call (which would itself be audited) in between
        }
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(l.position) FROM audit_events e LEFT JOIN audit_log l ON l.event_id = e.id")) {
            rs.next();
            assertThat(rs.getLong(2)).as("every event has a position").isEqualTo(rs.getLong(1));
        }
        Map checkpoint = checkpoint();
        long size = ((Number) checkpoint.get("treeSize")).longValue();
        byte[] publicKey = Base64.getDecoder().decode((String) auditor.body(auditor.get("/audit/v1/public-key")).get("publicKey"));
        assertThat(AuditSigner.verify(publicKey, size, Base64.getDecoder().decode((String) checkpoint.get("rootHash")),
                java.time.Instant.parse((String) checkpoint.get("signedAt")),
                Base64.getDecoder().decode((String) checkpoint.get("signature")))).isTrue();
        assertThat(auditor.body(auditor.get("/audit/v1/verification")).get("ok")).isEqualTo(true);
    }

    @Test
    void inclusionAndConsistencyProofsCheckOutUnderAnIndependentRecomputation() {
        long first = sealEverything();
        teller.openEquity("EUR");
        long second = sealEverything();
        assertThat(second).isGreaterThan(first);
        List<byte[]> leaves = leafHashes(second);
        byte[] firstRoot = root(checkpointOf(first));
        byte[] secondRoot = root(checkpointOf(second));
        assertThat(Rfc6962.mth(leaves.subList(0, (int) first))).isEqualTo(firstRoot);
        assertThat(Rfc6962.mth(leaves)).isEqualTo(secondRoot);

        for (long position : new long[]{0, first / 2, first - 1, second - 1}) {
            Map proof = auditor.body(auditor.get("/audit/v1/proofs/inclusion?position=" + position + "&treeSize=" + second));
            List<byte[]> path = decode((List<String>) proof.get("auditPath"));
            assertThat(Rfc6962.verifyInclusion(leaves.get((int) position), position, second, path, secondRoot))
                    .as("inclusion of %d", position).isTrue();
            assertThat(Rfc6962.verifyInclusion(leaves.get((int) position), position, second, path, firstRoot)).isFalse();
        }
        Map consistency = auditor.body(auditor.get("/audit/v1/proofs/consistency?first=" + first + "&second=" + second));
        List<byte[]> proof = decode((List<String>) consistency.get("proof"));
        assertThat(Rfc6962.verifyConsistency(first, second, firstRoot, secondRoot, proof)).isTrue();
        assertThat(Rfc6962.verifyConsistency(first, second, secondRoot, firstRoot, proof)).isFalse();
    }

    @Test
    void runtimeRoleCannotChangeOrRemoveAuditRows() throws SQLException {
        TestDatabase.Coordinates db = TestDatabase.get();
        try (Connection app = DriverManager.getConnection(db.url(), "corebank_app", "corebank-test");
             Statement s = app.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_user")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("corebank_app");
            }
            Map<String, String> anUpdate = Map.of("audit_events", "actor = 'x'", "audit_log", "leaf_hash = leaf_hash",
                    "audit_checkpoints", "key_id = 'x'", "audit_tree_nodes", "hash = hash");
            for (String table : anUpdate.keySet()) {
                assertThatThrownBy(() -> s.executeUpdate("UPDATE " + table + " SET " + anUpdate.get(table)))
                        .as("UPDATE %s", table).hasMessageContaining("permission denied");
                assertThatThrownBy(() -> s.executeUpdate("DELETE FROM " + table)).as("DELETE %s", table).hasMessageContaining("permission denied");
                assertThatThrownBy(() -> s.executeUpdate("TRUNCATE " + table)).as("TRUNCATE %s", table).hasMessageContaining("permission denied");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_events")) {
                rs.next();
                assertThat(rs.getLong(1)).as("and it may read them (the logins above were audited)").isPositive();
            }
        }
    }

    @Test
    void auditorReadsAreThemselvesAudited() throws SQLException {
        long before = count("SELECT count(*) FROM audit_events WHERE action = 'audit.read.events'");
        auditor.get("/audit/v1/events?limit=5&action=ledger.transfer");
        assertThat(count("SELECT count(*) FROM audit_events WHERE action = 'audit.read.events'")).isEqualTo(before + 1);
    }

    @Test
    void filtersPagesAndExportsEvents() {
        Map page = auditor.body(auditor.get("/audit/v1/events?action=ledger.transfer&outcome=SUCCESS&limit=5"));
        List<Map> events = (List<Map>) page.get("events");
        assertThat(events).hasSize(5).allSatisfy(e -> assertThat(e.get("action")).isEqualTo("ledger.transfer"));
        Map next = auditor.body(auditor.get("/audit/v1/events?action=ledger.transfer&outcome=SUCCESS&limit=5&cursor=" + page.get("nextCursor")));
        assertThat(((Number) ((List<Map>) next.get("events")).get(0).get("id")).longValue())
                .isLessThan(((Number) events.get(4).get("id")).longValue());
        String csv = client.toBlocking().retrieve(HttpRequest.GET("/audit/v1/events/export?format=csv&action=ledger.transfer")
                .bearerAuth(tokenOf(auditor)), String.class);
        assertThat(csv.lines().findFirst()).contains(
                "id,position,occurred_at,actor,actor_role,action,outcome,reason,target_type,target_id,request_id,channel,client_address,user_agent,details");
        assertThat(csv.lines().skip(1)).isNotEmpty().allSatisfy(l -> assertThat(l).contains("\"ledger.transfer\""));
        String ndjson = client.toBlocking().retrieve(HttpRequest.GET("/audit/v1/events/export?format=ndjson&action=ledger.transfer")
                .bearerAuth(tokenOf(auditor)), String.class);
        assertThat(ndjson.lines().count()).isEqualTo(csv.lines().count() - 1);
        Map journal = auditor.body(auditor.get("/audit/v1/journal?kind=TRANSFER&limit=3"));
        assertThat((List<Map>) journal.get("entries")).hasSize(3).allSatisfy(e -> assertThat((List<?>) e.get("postings")).hasSize(2));
        assertThat(auditor.body(auditor.get("/audit/v1/trial-balance")).get("balanced")).isEqualTo(true);
    }

    /**
     * A refused login stores the typed username as the event's target, whatever it holds: here a
     * comma and quotes. A line break no longer gets through the HTTP edge (no request text may
     * hold control characters), so an event with one in its target is appended by the audit log
     * itself. The CSV export of each, parsed back with Commons CSV, gives every column exactly as
     * stored (an absent value stays absent); only a value that a spreadsheet would run as a
     * formula gets a leading apostrophe.
     */
    @Test
    void csvExportReparsesToTheStoredValuesEvenWithCommasQuotesAndLineBreaks() throws Exception {
        String requestId = "csv-" + UUID.randomUUID();
        String username = "mallory, \"the quiet one\"";
        String userAgent = "=HYPERLINK(\"http://example.invalid\"),\"x\"";
        HttpResponse<Map> refused = new Api(client.toBlocking()).exchange(HttpRequest.POST("/api/v1/auth/login",
                Map.of("username", username, "password", "not-the-password")).header("X-Request-Id", requestId)
                .header("User-Agent", userAgent));
        assertThat(refused.getStatus().getCode()).isEqualTo(401);
        String lineBreakId = "csv-" + UUID.randomUUID();
        String multiLine = "mallory, \"the quiet one\"\nsecond line";
        context.getBean(corebank.audit.AuditLog.class).appendAlone(corebank.audit.AuditEvent.failure(
                context.getBean(java.time.Clock.class).instant(),
                new corebank.audit.AuditContext("anonymous", null, lineBreakId, "api", "127.0.0.1", userAgent),
                corebank.audit.AuditAction.IDENTITY_LOGIN, corebank.platform.ErrorCode.INVALID_CREDENTIALS, "USER", multiLine,
                Map.of("note", "a, \"quoted\"\nvalue")));
        // sealed first, so the sequencer cannot give the event its position between the export and the read below
        sealEverything();

        for (String[] event : List.of(new String[]{requestId, username}, new String[]{lineBreakId, multiLine})) {
            String csv = client.toBlocking().retrieve(HttpRequest.GET("/audit/v1/events/export?format=csv&requestId=" + event[0])
                    .bearerAuth(tokenOf(auditor)), String.class);
            CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                    .setQuoteMode(QuoteMode.NON_NUMERIC).setNullString("").get();
            List<CSVRecord> rows;
            try (CSVParser parser = CSVParser.parse(csv, format)) {
                rows = parser.getRecords();
            }
            assertThat(rows).hasSize(1);
            CSVRecord row = rows.get(0);
            Map<String, String> stored = storedEvent(event[0]);
            assertThat(row.toMap().keySet()).containsExactlyElementsOf(stored.keySet());
            assertThat(stored).containsEntry("target_id", event[1]).containsEntry("user_agent", userAgent)
                    .containsEntry("reason", "invalid_credentials").containsEntry("actor_role", null);
            assertThat(stored.get("position")).as("sealed").isNotNull();
            assertThat(stored.get("details")).contains(",", "\"");
            for (String column : stored.keySet()) {
                String expected = column.equals("user_agent") ? "'" + userAgent : stored.get(column);
                assertThat(row.get(column)).as(column).isEqualTo(expected);
            }
        }
    }

    /** The event's columns as stored, as text (null when absent), in the export's order. */
    private static Map<String, String> storedEvent(String requestId) throws SQLException {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement("""
                SELECT e.id::text AS id, l.position::text AS position, e.occurred_at, e.actor, e.actor_role, e.action, e.outcome,
                       e.reason, e.target_type, e.target_id, e.request_id, e.channel, e.client_address, e.user_agent,
                       e.details::text AS details
                  FROM audit_events e LEFT JOIN audit_log l ON l.event_id = e.id WHERE e.request_id = ?""")) {
            s.setString(1, requestId);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("the refused login's event").isTrue();
                Map<String, String> columns = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    String name = rs.getMetaData().getColumnLabel(i);
                    columns.put(name, name.equals("occurred_at")
                            ? rs.getObject(i, java.time.OffsetDateTime.class).toInstant().toString() : rs.getString(i));
                }
                assertThat(rs.next()).as("one event").isFalse();
                return columns;
            }
        }
    }

    @Test
    void tamperingIsFoundAtTheFirstBadPositionByTheEngineAndTheOfflineVerifier() throws Exception {
        long size = sealEverything();
        long[] ids = sealedIds(size);
        // the forged event of step 3 copies p's transaction id, so p must open its transaction
        int p = firstOfATransaction(size / 3);
        int q = firstOfATransaction(size / 2);
        assertThat(p).isLessThan(q);

        // 1. change one byte of an event
        assertTamperedAt(p, () -> sqlAsSuperuser("UPDATE audit_events SET actor = actor || 'x' WHERE id = " + ids[p]),
                () -> sqlAsSuperuser("UPDATE audit_events SET actor = left(actor, -1) WHERE id = " + ids[p]));

        // 2. delete one
        String[] saved = new String[1];
        assertTamperedAt(q, () -> {
            saved[0] = copyOf(ids[q]);
            sqlAsSuperuser("DELETE FROM audit_events WHERE id = " + ids[q]);
        }, () -> sqlAsSuperuser("INSERT INTO audit_events OVERRIDING SYSTEM VALUE SELECT * FROM " + saved[0] + "; DROP TABLE " + saved[0]));

        // 3. insert a forged one into sealed history: it sorts just before the event at position p
        assertTamperedAt(p, () -> sqlAsSuperuser("""
                        INSERT INTO audit_events (id, occurred_at, actor, action, outcome, txid)
                        OVERRIDING SYSTEM VALUE
                        SELECT -1, occurred_at, 'user:mallory', 'ledger.transfer', 'SUCCESS', txid FROM audit_events WHERE id = %d
                        """.formatted(ids[p])),
                () -> sqlAsSuperuser("DELETE FROM audit_events WHERE id = -1"));

        // 4. swap two
        assertTamperedAt(p, () -> swapActors(ids[p], ids[q]), () -> swapActors(ids[p], ids[q]));

        assertThat(auditor.body(auditor.get("/audit/v1/verification")).get("ok")).as("restored").isEqualTo(true);
    }

    private void assertTamperedAt(long position, SqlAction tamper, SqlAction restore) throws Exception {
        tamper.run();
        try {
            long alerts = count("SELECT count(*) FROM audit_events WHERE action = 'audit.verification' AND reason = 'tamper_detected'");
            Map api = auditor.body(auditor.get("/audit/v1/verification"));
            assertThat(api.get("ok")).isEqualTo(false);
            assertThat(count("SELECT count(*) FROM audit_events WHERE action = 'audit.verification' AND reason = 'tamper_detected'"))
                    .as("the mismatch raised an alert event").isEqualTo(alerts + 1);
            assertThat(client.toBlocking().retrieve(HttpRequest.GET("/prometheus"), String.class))
                    .contains("corebank_audit_verification_failed 1.0");
            assertThat(((Number) api.get("firstBadPosition")).longValue()).as("engine: %s", api.get("problem")).isEqualTo(position);

            Path log = Files.createTempFile(exports, "log", ".ndjson");
            Files.writeString(log, client.toBlocking().retrieve(HttpRequest.GET("/audit/v1/log/export").bearerAuth(tokenOf(auditor)), String.class));
            String checkpoint = client.toBlocking().retrieve(HttpRequest.GET("/audit/v1/checkpoints/latest").bearerAuth(tokenOf(auditor)), String.class);
            byte[] publicKey = Base64.getDecoder().decode((String) auditor.body(auditor.get("/audit/v1/public-key")).get("publicKey"));
            VerificationResult offline = AuditVerifierCommand.verify(log, checkpoint, publicKey);
            assertThat(offline.ok()).isFalse();
            assertThat(offline.firstBadPosition()).as("offline verifier: %s", offline.problem()).isEqualTo(position);
        } finally {
            restore.run();
        }
    }

    @FunctionalInterface
    interface SqlAction {
        void run() throws Exception;
    }

    /** As a superuser with triggers switched off (session_replication_role = replica). */
    private static void sqlAsSuperuser(String statements) throws SQLException {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.execute(statements);
        }
    }

    private static String copyOf(long id) throws SQLException {
        String table = "saved_event_" + Math.abs(id);
        sqlAsSuperuser("CREATE TABLE " + table + " AS SELECT * FROM audit_events WHERE id = " + id);
        return table;
    }

    private static void swapActors(long a, long b) throws SQLException {
        sqlAsSuperuser("""
                UPDATE audit_events x SET actor = y.actor, action = y.action, target_id = y.target_id, details = y.details,
                                          occurred_at = y.occurred_at, request_id = y.request_id
                  FROM (SELECT %d AS id, actor, action, target_id, details, occurred_at, request_id FROM audit_events WHERE id = %d
                        UNION ALL
                        SELECT %d, actor, action, target_id, details, occurred_at, request_id FROM audit_events WHERE id = %d) y
                 WHERE x.id = y.id""".formatted(a, b, b, a));
    }

    /**
     * The first position from {@code from} on whose event is its transaction's first: sealing
     * orders by (txid, id), so an event forged with that txid and a lower id sorts right before it.
     */
    private static int firstOfATransaction(long from) throws SQLException {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement("""
                SELECT min(l.position) FROM audit_log l
                 WHERE l.position >= ? AND l.event_id IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM audit_log previous WHERE previous.event_id IS NOT NULL
                                      AND previous.event_txid = l.event_txid AND previous.position < l.position)""")) {
            s.setLong(1, from);
            ResultSet rs = s.executeQuery();
            rs.next();
            long position = rs.getLong(1);
            if (rs.wasNull()) {
                throw new IllegalStateException("no transaction starts after position " + from);
            }
            return (int) position;
        }
    }

    private static long[] sealedIds(long size) throws SQLException {
        long[] ids = new long[(int) size];
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT position, event_id FROM audit_log WHERE position < " + size)) {
            while (rs.next()) {
                ids[(int) rs.getLong(1)] = rs.getLong(2);
            }
        }
        return ids;
    }

    private static List<byte[]> leafHashes(long size) {
        List<byte[]> leaves = new ArrayList<>();
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT l.leaf_hash, e.id, e.occurred_at, e.actor, e.actor_role, e.action, e.outcome, e.reason, e.target_type,"
                        + " e.target_id, e.request_id, e.channel, e.client_address, e.user_agent, e.details::text"
                        + " FROM audit_log l LEFT JOIN audit_events e ON e.id = l.event_id WHERE l.position < ? ORDER BY l.position")) {
            s.setLong(1, size);
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                byte[] stored = rs.getBytes(1);
                if (rs.getObject(2) == null) {
                    // a journal entry's or an account's leaf: JournalTamperTest recomputes those
                    leaves.add(stored);
                    continue;
                }
                // the leaf is recomputed here from the row, not taken from the engine
                String canonical = Rfc6962.canonical(rs);
                byte[] recomputed = Rfc6962.leaf(canonical.getBytes(StandardCharsets.UTF_8));
                assertThat(MessageDigest.isEqual(stored, recomputed)).as("stored leaf of event %d", rs.getLong(2)).isTrue();
                leaves.add(recomputed);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(leaves).hasSize((int) size);
        return leaves;
    }

    private Map checkpointOf(long size) {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT root_hash FROM audit_checkpoints WHERE tree_size = ?")) {
            s.setLong(1, size);
            ResultSet rs = s.executeQuery();
            assertThat(rs.next()).as("a checkpoint of size %d", size).isTrue();
            return Map.of("rootHash", Base64.getEncoder().encodeToString(rs.getBytes(1)));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] root(Map checkpoint) {
        return Base64.getDecoder().decode((String) checkpoint.get("rootHash"));
    }

    private static List<byte[]> decode(List<String> base64) {
        return base64.stream().map(b -> Base64.getDecoder().decode(b)).toList();
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String tokenOf(Api api) {
        return api.accessToken();
    }
}
