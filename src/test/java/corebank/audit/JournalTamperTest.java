package corebank.audit;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.TestDatabase;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal is tamper-evident: a hostile database superuser (triggers off,
 * session_replication_role = replica) changes postings, entries, balances, rolls the log back
 * or forges a checkpoint, and both the verification endpoint and the offline verifier (on the
 * export cut at its checkpoint, with the witnessed checkpoint) say so. Each tampering is undone
 * afterwards and both say OK again.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JournalTamperTest implements DatabaseTest {

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("corebank.audit.seal-interval", "1h", "corebank.audit.verify-interval", "1h");
    }

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;
    @Inject
    AuditSequencer sequencer;
    @org.junit.jupiter.api.io.TempDir
    Path exports;

    Api auditor;
    Api teller;
    String equity;
    String alice;
    String bob;
    /** kind of tampering -> detected by the engine and by the offline verifier */
    final Map<String, Boolean> detected = new LinkedHashMap<>();

    @BeforeAll
    void setUp() {
        auditor = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.AUDITOR).accessToken());
        teller = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
        equity = teller.openEquity("EUR");
        alice = teller.openCustomer("EUR");
        bob = teller.openCustomer("EUR");
        teller.fund(equity, alice, "500.00", "EUR");
        teller.fund(equity, bob, "300.00", "EUR");
        teller.transfer(alice, bob, "12.34", "EUR");
        sealEverything();
    }

    @AfterAll
    void report() {
        System.out.println("journal tampering detected by both verifiers: "
                + detected.values().stream().filter(d -> d).count() + " / " + detected.size() + " " + detected);
    }

    private long sealEverything() {
        while (sequencer.sealOnce() > 0) {
            // until nothing is left
        }
        return ((Number) auditor.body(auditor.get("/audit/v1/checkpoints/latest")).get("treeSize")).longValue();
    }

    @Test
    void everyEntryAndAccountIsSealedAndBothVerifiersSayOk() throws Exception {
        sealEverything();
        assertThat(TestDatabase.count("SELECT count(*) FROM journal_entries e WHERE NOT EXISTS "
                + "(SELECT 1 FROM audit_log l WHERE l.entry_id = e.id)")).as("unsealed entries").isZero();
        assertThat(TestDatabase.count("SELECT count(*) FROM accounts a WHERE NOT EXISTS "
                + "(SELECT 1 FROM audit_log l WHERE l.account_id = a.id)")).as("unsealed accounts").isZero();
        assertOk();
        String note = witnessed();
        assertThat(note.lines().toList()).as("a C2SP checkpoint note").hasSizeGreaterThanOrEqualTo(5);
        assertThat(note.lines().toList().get(0)).startsWith("corebank.audit/");
        assertThat(note.lines().toList().get(3)).isEmpty();
        assertThat(note.lines().toList().get(4)).startsWith("\u2014 corebank.audit/");
        assertThat(Files.readString(TestDatabase.WITNESS_FILE)).contains(note.trim());
    }

    @Test
    void aPostingAmountChangedOnOneLeg() throws Exception {
        String entry = entryOf(alice, bob);
        assertDetected("posting amount changed (one leg)",
                "UPDATE postings SET amount_minor = amount_minor + 1 WHERE entry_id = '" + entry + "' AND posting_index = 0",
                "UPDATE postings SET amount_minor = amount_minor - 1 WHERE entry_id = '" + entry + "' AND posting_index = 0");
    }

    @Test
    void aPostingAmountChangedOnBothLegs() throws Exception {
        String entry = entryOf(alice, bob);
        // the accounts' totals are raised to match: only the entry's sealed leaf tells
        assertDetected("posting amount changed (both legs)", """
                UPDATE postings SET amount_minor = amount_minor + 10000 WHERE entry_id = '%1$s';
                UPDATE accounts SET debits_posted = debits_posted + 10000 WHERE number = '%2$s';
                UPDATE accounts SET credits_posted = credits_posted + 10000 WHERE number = '%3$s'""".formatted(entry, alice, bob), """
                UPDATE postings SET amount_minor = amount_minor - 10000 WHERE entry_id = '%1$s';
                UPDATE accounts SET debits_posted = debits_posted - 10000 WHERE number = '%2$s';
                UPDATE accounts SET credits_posted = credits_posted - 10000 WHERE number = '%3$s'""".formatted(entry, alice, bob));
    }

    @Test
    void aPostingDeleted() throws Exception {
        String entry = entryOf(alice, bob);
        assertDetected("posting deleted", """
                CREATE TABLE saved_posting AS SELECT * FROM postings WHERE entry_id = '%s' AND posting_index = 1;
                DELETE FROM postings WHERE entry_id = '%s' AND posting_index = 1""".formatted(entry, entry),
                "INSERT INTO postings SELECT * FROM saved_posting; DROP TABLE saved_posting");
    }

    /**
     * Backdated into sealed history (the transaction id of an entry already sealed), balanced, and
     * with both accounts' totals raised to match: only the log can tell.
     */
    @Test
    void anEntryInserted() throws Exception {
        // sorts first among the rows of the transaction that funded alice, long sealed
        String forged = "00000000-0000-4000-8000-" + UUID.randomUUID().toString().substring(24);
        String sealedEntry = entryOf(equity, alice);
        assertDetected("entry inserted", """
                INSERT INTO journal_entries (id, kind, actor, created_at, txid)
                  SELECT '%1$s', 'TRANSFER', 'user:mallory', created_at, txid FROM journal_entries WHERE id = '%2$s';
                INSERT INTO postings (entry_id, posting_index, account_id, side, amount_minor, currency, account_seq, balance_after_minor, created_at)
                  SELECT '%1$s', 0, id, 'D', 777, 'EUR', 900001, 0, now() FROM accounts WHERE number = '%3$s';
                INSERT INTO postings (entry_id, posting_index, account_id, side, amount_minor, currency, account_seq, balance_after_minor, created_at)
                  SELECT '%1$s', 1, id, 'C', 777, 'EUR', 900001, 0, now() FROM accounts WHERE number = '%4$s';
                UPDATE accounts SET debits_posted = debits_posted + 777, posting_count = posting_count + 1 WHERE number = '%3$s';
                UPDATE accounts SET credits_posted = credits_posted + 777, posting_count = posting_count + 1 WHERE number = '%4$s'
                """.formatted(forged, sealedEntry, equity, bob), """
                DELETE FROM postings WHERE entry_id = '%1$s';
                DELETE FROM journal_entries WHERE id = '%1$s';
                UPDATE accounts SET debits_posted = debits_posted - 777, posting_count = posting_count - 1 WHERE number = '%2$s';
                UPDATE accounts SET credits_posted = credits_posted - 777, posting_count = posting_count - 1 WHERE number = '%3$s'
                """.formatted(forged, equity, bob));
    }

    @Test
    void anAccountsBalanceChanged() throws Exception {
        assertDetected("account balance changed",
                "UPDATE accounts SET credits_posted = credits_posted + 100000 WHERE number = '" + alice + "'",
                "UPDATE accounts SET credits_posted = credits_posted - 100000 WHERE number = '" + alice + "'");
    }

    /**
     * The newest events, their leaves, tree nodes and checkpoints deleted: the database's log is
     * a consistent, smaller one (what the verifiers said OK to before), but the witness holds the
     * larger checkpoint.
     */
    @Test
    void theLogRolledBackToAnEarlierCheckpoint() throws Exception {
        long earlier = sealEverything();
        auditor.get("/audit/v1/public-key");
        auditor.get("/audit/v1/public-key");
        long later = sealEverything();
        assertThat(later).isGreaterThan(earlier);
        assertThat(witnessed()).contains("\n" + later + "\n");
        assertDetected("log rolled back to an earlier checkpoint", """
                CREATE TABLE saved_events AS SELECT e.* FROM audit_events e JOIN audit_log l ON l.event_id = e.id WHERE l.position >= %1$d;
                CREATE TABLE saved_log AS SELECT * FROM audit_log WHERE position >= %1$d;
                CREATE TABLE saved_nodes AS SELECT * FROM audit_tree_nodes WHERE (index + 1) * (1::bigint << level) > %1$d;
                CREATE TABLE saved_checkpoints AS SELECT * FROM audit_checkpoints WHERE tree_size > %1$d;
                DELETE FROM audit_events WHERE id IN (SELECT id FROM saved_events);
                DELETE FROM audit_log WHERE position >= %1$d;
                DELETE FROM audit_tree_nodes WHERE (index + 1) * (1::bigint << level) > %1$d;
                DELETE FROM audit_checkpoints WHERE tree_size > %1$d""".formatted(earlier), """
                INSERT INTO audit_events OVERRIDING SYSTEM VALUE SELECT * FROM saved_events;
                INSERT INTO audit_log SELECT * FROM saved_log;
                INSERT INTO audit_tree_nodes SELECT * FROM saved_nodes;
                INSERT INTO audit_checkpoints SELECT * FROM saved_checkpoints;
                DROP TABLE saved_events, saved_log, saved_nodes, saved_checkpoints""");
    }

    /** The latest checkpoint replaced by one of the same size whose root and signature were made up. */
    @Test
    void aForgedCheckpoint() throws Exception {
        byte[] fake = new byte[64];
        fake[0] = 7;
        assertDetected("forged checkpoint", """
                CREATE TABLE saved_checkpoint AS SELECT * FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1;
                DELETE FROM audit_checkpoints WHERE tree_size = (SELECT tree_size FROM saved_checkpoint);
                INSERT INTO audit_checkpoints (tree_size, root_hash, signed_at, signature, key_id)
                  SELECT tree_size, sha256(root_hash), signed_at, decode('%s', 'hex'), key_id FROM saved_checkpoint""".formatted(
                java.util.HexFormat.of().formatHex(fake)), """
                DELETE FROM audit_checkpoints WHERE tree_size = (SELECT tree_size FROM saved_checkpoint);
                INSERT INTO audit_checkpoints SELECT * FROM saved_checkpoint; DROP TABLE saved_checkpoint""");
    }

    private void assertDetected(String kind, String tamper, String restore) throws Exception {
        sealEverything();
        assertOk();
        sqlAsSuperuser(tamper);
        boolean engine = false;
        boolean offline = false;
        try {
            Map api = auditor.body(auditor.get("/audit/v1/verification"));
            engine = Boolean.FALSE.equals(api.get("ok"));
            assertThat(api.get("ok")).as("engine on %s", kind).isEqualTo(false);
            assertThat(client.toBlocking().retrieve(HttpRequest.GET("/prometheus"), String.class))
                    .contains("corebank_audit_verification_failed 1.0");
            VerificationResult result = offline();
            offline = !result.ok();
            assertThat(result.ok()).as("offline verifier on %s", kind).isFalse();
            assertThat(result.firstBadPosition()).as("offline: %s; engine: %s", result.problem(), api.get("problem"))
                    .isEqualTo(((Number) api.get("firstBadPosition")).longValue());
            System.out.println(kind + ": engine: " + api.get("problem") + " | offline: " + result.problem());
        } finally {
            detected.put(kind, engine && offline);
            sqlAsSuperuser(restore);
        }
        assertOk();
    }

    private void assertOk() throws Exception {
        Map api = auditor.body(auditor.get("/audit/v1/verification"));
        assertThat(api.get("ok")).as("engine: %s", api.get("problem")).isEqualTo(true);
        VerificationResult result = offline();
        assertThat(result.ok()).as("offline: %s", result.problem()).isTrue();
    }

    /** The export (cut at its own checkpoint), checked with the public key and the witnessed checkpoint. */
    private VerificationResult offline() throws Exception {
        String witness = witnessed();
        Path log = Files.createTempFile(exports, "log", ".ndjson");
        Files.writeString(log, client.toBlocking().retrieve(HttpRequest.GET("/audit/v1/log/export").bearerAuth(auditor.accessToken()),
                String.class));
        byte[] publicKey = Base64.getDecoder().decode((String) auditor.body(auditor.get("/audit/v1/public-key")).get("publicKey"));
        return AuditVerifierCommand.verify(log, null, publicKey, witness);
    }

    private String witnessed() {
        return client.toBlocking().retrieve(HttpRequest.GET("/audit/v1/checkpoints/witnessed").bearerAuth(auditor.accessToken()),
                String.class);
    }

    /** The newest entry moving money from one account to the other. */
    private static String entryOf(String debit, String credit) throws SQLException {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT d.entry_id FROM postings d JOIN accounts da ON da.id = d.account_id
                  JOIN postings k ON k.entry_id = d.entry_id AND k.side = 'C' JOIN accounts ka ON ka.id = k.account_id
                 WHERE d.side = 'D' AND da.number = '%s' AND ka.number = '%s' ORDER BY d.created_at DESC LIMIT 1""".formatted(debit, credit))) {
            assertThat(rs.next()).as("an entry from %s to %s", debit, credit).isTrue();
            return rs.getString(1);
        }
    }

    private static void sqlAsSuperuser(String statements) throws SQLException {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.execute(statements);
        }
    }
}
