package corebank.auditor;

import corebank.audit.AuditQueries;
import corebank.audit.AuditSequencer;
import corebank.identity.user.Role;
import corebank.ledger.Ledger;
import corebank.platform.HeldSnapshots;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.MutableClock;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auditors' exports through the HTTP API as the auditor: the journal's CSV and NDJSON give
 * exactly the JSON API's rows for the same filter, with a summary (counts, checkpoint); an export
 * reads one snapshot whatever commits while it streams; balances as of a time are the sums of the
 * postings up to and including it; only auditors export, and a bad filter is a 400 before any byte.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditorExportsTest implements DatabaseTest {

    private static final CSVFormat PARSE = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
            .setCommentMarker('#').setNullString("").get();
    private static final String FORMULA = "=HYPERLINK(\"http://example.invalid\"), \"quoted\"";

    @Override
    public Map<String, String> extraProperties() {
        // sealing is driven by the test, so that the checkpoint an export names is known
        return Map.of("corebank.audit.seal-interval", "1h", "corebank.audit.verify-interval", "1h");
    }

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;
    @Inject
    MutableClock clock;
    @Inject
    AuditSequencer sequencer;
    @Inject
    JsonMapper json;

    /** Fresh sessions for each test: the tests move the clock, and an access token lives 300 s. */
    private Api login(Role role) {
        return new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), role).accessToken());
    }

    private void tick() {
        clock.advance(Duration.ofSeconds(1));
    }

    @Test
    @SuppressWarnings("unchecked")
    void journalCsvAndNdjsonReparseToTheJsonApiRowsForTheSameFilter() throws IOException {
        Api teller = login(Role.TELLER);
        Api auditor = login(Role.AUDITOR);
        Instant start = clock.instant().plusSeconds(1);
        String equity = teller.openEquity("EUR");
        String a = teller.openCustomer("EUR");
        String b = teller.openCustomer("EUR");
        tick();
        teller.fund(equity, a, "100.00", "EUR");
        tick();
        assertThat(teller.postIdempotent("/internal/v1/transfers", Map.of("debitAccount", a, "creditAccount", b, "amount", "12.34",
                "currency", "EUR", "description", FORMULA)).getStatus().getCode()).isEqualTo(201);
        tick();
        teller.fund(equity, b, "0.50", "EUR");
        tick();
        teller.transfer(b, a, "0.01", "EUR");
        tick();
        Instant end = clock.instant();
        while (sequencer.sealOnce() > 0) {
            // a checkpoint covers everything so far; nothing seals while the exports run
        }
        long treeSize = ((Number) auditor.body(auditor.get("/audit/v1/checkpoints/latest")).get("treeSize")).longValue();

        Map<String, Integer> expectedEntries = new LinkedHashMap<>();
        expectedEntries.put("account=" + a, 3);
        expectedEntries.put("account=" + a + "&kind=TRANSFER&currency=EUR&minAmount=0.01&maxAmount=50.00", 2);
        expectedEntries.put("from=" + start + "&to=" + end, 4);
        expectedEntries.put("from=" + start + "&to=" + end + "&kind=TRANSFER&currency=EUR&minAmount=0.50&maxAmount=0.50", 1);
        for (var filter : expectedEntries.entrySet()) {
            List<Map<String, Object>> entries = jsonEntries(auditor, filter.getKey());
            assertThat(entries).as(filter.getKey()).hasSize(filter.getValue());

            String csv = download(auditor, "/audit/v1/journal/export?format=csv&" + filter.getKey(), "text/csv");
            List<List<String>> rows = new ArrayList<>();
            String trailer;
            try (CSVParser parser = CSVParser.parse(csv, PARSE)) {
                assertThat(parser.getHeaderNames()).containsExactly(JournalCsv.COLUMNS);
                for (CSVRecord r : parser.getRecords()) {
                    rows.add(r.toList());
                }
                trailer = parser.getTrailerComment();
            }
            assertThat(rows).as(filter.getKey()).isEqualTo(rowsOf(entries));
            Map<String, String> summary = words(trailer);
            assertThat(summary).containsEntry("entries", String.valueOf(entries.size()))
                    .containsEntry("postings", String.valueOf(rows.size()))
                    .containsEntry("checkpoint_tree_size", String.valueOf(treeSize));
            assertThat(csv).endsWith("\n");

            List<String> lines = download(auditor, "/audit/v1/journal/export?format=ndjson&" + filter.getKey(),
                    "application/x-ndjson").lines().toList();
            List<Map<String, Object>> exported = new ArrayList<>();
            for (String line : lines.subList(0, lines.size() - 1)) {
                exported.add(json.readValue(line, Map.class));
            }
            assertThat(exported).as(filter.getKey()).isEqualTo(entries);
            Map<String, Object> last = json.readValue(lines.get(lines.size() - 1), Map.class);
            assertThat(last).containsEntry("type", "summary").containsEntry("entries", entries.size())
                    .containsEntry("postings", rows.size());
            assertThat((Map<String, Object>) last.get("checkpoint")).containsEntry("treeSize", (int) treeSize);
        }
        Map<String, Object> trail = auditor.body(auditor.get("/audit/v1/events?action=audit.read.journal.export&limit=1"));
        Map<String, Object> event = ((List<Map<String, Object>>) trail.get("events")).get(0);
        assertThat((String) event.get("details")).contains("format=ndjson", "minAmount=0.50");
        assertThat(event).containsEntry("outcome", "SUCCESS").containsEntry("actorRole", "AUDITOR");
        assertThat(download(auditor, "/audit/v1/journal/export?format=csv&account=" + a, "text/csv"))
                .as("the formula is shown, not run").contains("\"'=HYPERLINK(\"\"http://example.invalid\"\"), \"\"quoted\"\"\"");
        assertThat(download(auditor, "/audit/v1/journal/export?format=ndjson&" + expectedEntries.keySet().iterator().next(), "application/x-ndjson"))
                .as("NDJSON keeps it as stored").contains(json.writeValueAsString(FORMULA));
    }

    /** Every page of the JSON API for the filter, one entry a page, so that its cursor is followed too. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> jsonEntries(Api auditor, String filter) {
        List<Map<String, Object>> entries = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> page = auditor.body(auditor.get("/audit/v1/journal?limit=1&" + filter
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))));
            entries.addAll((List<Map<String, Object>>) page.get("entries"));
            cursor = (String) page.get("nextCursor");
        } while (cursor != null);
        return entries;
    }

    /** The JSON API's entries as CSV rows: one per posting, free text that a spreadsheet would run given a leading '. */
    @SuppressWarnings("unchecked")
    private static List<List<String>> rowsOf(List<Map<String, Object>> entries) {
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, Object> e : entries) {
            for (Map<String, Object> p : (List<Map<String, Object>>) e.get("postings")) {
                List<String> row = new ArrayList<>();
                for (Object value : new Object[]{e.get("id"), e.get("createdAt"), e.get("kind"), formulaSafe(e.get("description")),
                        e.get("reversesEntryId"), e.get("reversedByEntryId"), formulaSafe(e.get("actor")),
                        formulaSafe(e.get("requestId")), p.get("account"), p.get("side"), p.get("amount"), p.get("currency"),
                        p.get("sequence"), p.get("balanceAfter")}) {
                    row.add(value == null ? null : value.toString());
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static String formulaSafe(Object value) {
        String text = (String) value;
        return text != null && !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    private String download(Api auditor, String path, String mediaType) {
        HttpResponse<String> response = client.toBlocking().exchange(HttpRequest.GET(path).bearerAuth(auditor.accessToken()), String.class);
        assertThat(response.getStatus().getCode()).isEqualTo(200);
        assertThat(response.getContentType().map(MediaType::toString)).contains(mediaType);
        return response.body();
    }

    /** {@code summary key=value key=value} (a value may itself hold '=', as Base64 does). */
    private static Map<String, String> words(String trailer) {
        assertThat(trailer).startsWith("summary ");
        Map<String, String> words = new LinkedHashMap<>();
        for (String word : trailer.substring("summary ".length()).split(" ")) {
            int eq = word.indexOf('=');
            words.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return words;
    }

    /**
     * A page is read, then an entry is committed that a later page would hold (backdated into
     * the filter's window, older than the first page's cursor): the export, which reads one
     * snapshot, does not show it, and its summary counts what it showed; a new export does show it.
     */
    @Test
    @SuppressWarnings("unchecked")
    void anExportReadsOneSnapshotWhateverCommitsWhileItStreams() throws IOException {
        Instant t0 = clock.instant();
        Api teller = login(Role.TELLER);
        Api auditor = login(Role.AUDITOR);
        String equity = teller.openEquity("EUR");
        String c = teller.openCustomer("EUR");
        clock.set(t0.plusSeconds(10));
        teller.fund(equity, c, "1.00", "EUR");
        clock.set(t0.plusSeconds(60));
        teller.fund(equity, c, "2.00", "EUR");
        teller.fund(equity, c, "3.00", "EUR");
        Ledger ledger = context.getBean(Ledger.class);
        Ledger.JournalFilter filter = ledger.journalFilter(null, t0.plusSeconds(10), t0.plusSeconds(61), null, null, null, null, null);
        ExportSnapshot snapshot = new ExportSnapshot(context.getBean(HeldSnapshots.class), context.getBean(AuditQueries.class), clock);
        JournalExport export = new JournalExport(ledger, snapshot, filter, ExportFormat.NDJSON, json, 1);
        StringBuilder out = new StringBuilder(export.nextPage());
        assertThat(out.toString().lines()).hasSize(1);

        clock.set(t0.plusSeconds(30));
        teller.fund(equity, c, "4.00", "EUR");
        clock.set(t0.plusSeconds(61));
        try {
            for (String page = export.nextPage(); page != null; page = export.nextPage()) {
                out.append(page);
            }
        } finally {
            snapshot.close();
        }
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines).noneMatch(l -> l.contains("\"4.00\""));
        assertThat(json.readValue(lines.get(3), Map.class)).containsEntry("type", "summary").containsEntry("entries", 3);

        List<String> fresh = download(auditor, "/audit/v1/journal/export?from=" + t0.plusSeconds(10) + "&to=" + t0.plusSeconds(61),
                "application/x-ndjson").lines().toList();
        assertThat(fresh).hasSize(5).anyMatch(l -> l.contains("\"4.00\""));
    }

    /**
     * Postings at known times; the balances as of each time are the sums of the postings created
     * at or before it: exactly at a posting's time it is counted, a microsecond earlier it is
     * not, and an account opened later is not listed. The per-currency sums of the export equal
     * the trial balance as of the same time.
     */
    @Test
    @SuppressWarnings("unchecked")
    void balancesAsOfAreTheSumsOfPostingsUpToAndIncludingThatTime() throws IOException {
        clock.set(clock.instant().plusSeconds(120).truncatedTo(ChronoUnit.SECONDS));
        Instant t0 = clock.instant();
        Api teller = login(Role.TELLER);
        Api auditor = login(Role.AUDITOR);
        String equity = teller.openEquity("EUR");
        String a = teller.openCustomer("EUR");
        String b = teller.openCustomer("EUR");
        Instant t1 = t0.plusSeconds(10);
        Instant t2 = t0.plusSeconds(20);
        Instant t3 = t0.plusSeconds(30);
        clock.set(t1);
        teller.fund(equity, a, "100.00", "EUR");
        clock.set(t2);
        teller.transfer(a, b, "30.00", "EUR");
        clock.set(t3);
        teller.transfer(b, a, "5.00", "EUR");
        clock.set(t3.plusSeconds(5));

        Map<String, Map<String, String>> atT2 = balances(auditor, t2);
        assertThat(atT2.get(a)).containsEntry("debits", "30.00").containsEntry("credits", "100.00")
                .containsEntry("balance", "70.00").containsEntry("postings", "2").containsEntry("kind", "CUSTOMER_DEPOSIT")
                .containsEntry("currency", "EUR").containsEntry("as_of", t2.toString());
        assertThat(atT2.get(b)).containsEntry("balance", "30.00").containsEntry("postings", "1");
        assertThat(atT2.get(equity)).containsEntry("debits", "100.00").containsEntry("balance", "-100.00");

        Map<String, Map<String, String>> justBefore = balances(auditor, t2.minus(1, ChronoUnit.MICROS));
        assertThat(justBefore.get(a)).containsEntry("balance", "100.00").containsEntry("postings", "1");
        assertThat(justBefore.get(b)).containsEntry("balance", "0.00").containsEntry("debits", "0.00").containsEntry("postings", "0");

        Map<String, Map<String, String>> atT3 = balances(auditor, t3);
        assertThat(atT3.get(a)).containsEntry("balance", "75.00").containsEntry("postings", "3");
        assertThat(atT3.get(b)).containsEntry("balance", "25.00").containsEntry("postings", "2");

        assertThat(balances(auditor, t0.minusSeconds(1))).doesNotContainKeys(a, b, equity);

        Map<String, Object> trial = auditor.body(auditor.get("/audit/v1/trial-balance?asOf=" + t3));
        for (Map<String, Object> line : (List<Map<String, Object>>) trial.get("currencies")) {
            String currency = (String) line.get("currency");
            BigDecimal debits = atT3.values().stream().filter(r -> r.get("currency").equals(currency))
                    .map(r -> new BigDecimal(r.get("debits"))).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal credits = atT3.values().stream().filter(r -> r.get("currency").equals(currency))
                    .map(r -> new BigDecimal(r.get("credits"))).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(debits).as(currency).isEqualByComparingTo(new BigDecimal((String) line.get("debits")));
            assertThat(credits).as(currency).isEqualByComparingTo(new BigDecimal((String) line.get("credits")));
        }
    }

    /** The export as of a time, by account number; checks the summary's count and time. */
    private Map<String, Map<String, String>> balances(Api auditor, Instant asOf) throws IOException {
        String csv = download(auditor, "/audit/v1/balances?asOf=" + asOf, "text/csv");
        Map<String, Map<String, String>> byAccount = new HashMap<>();
        try (CSVParser parser = CSVParser.parse(csv, PARSE)) {
            assertThat(parser.getHeaderNames()).containsExactly(BalancesExport.COLUMNS);
            for (CSVRecord r : parser.getRecords()) {
                byAccount.put(r.get("account"), r.toMap());
                BigDecimal debits = new BigDecimal(r.get("debits"));
                BigDecimal credits = new BigDecimal(r.get("credits"));
                boolean creditNormal = corebank.ledger.AccountKind.valueOf(r.get("kind")).normalSide() == corebank.ledger.Side.CREDIT;
                assertThat(new BigDecimal(r.get("balance"))).as(r.get("account"))
                        .isEqualByComparingTo(creditNormal ? credits.subtract(debits) : debits.subtract(credits));
            }
            assertThat(words(parser.getTrailerComment())).containsEntry("accounts", String.valueOf(byAccount.size()))
                    .containsEntry("as_of", asOf.toString());
        }
        return byAccount;
    }

    /** Each export holds a pooled connection while it streams and gives it back: more exports than the pool has connections all complete. */
    @Test
    void everyExportGivesItsConnectionBack() {
        Api auditor = login(Role.AUDITOR);
        int pool = context.getProperty("datasources.default.maximum-pool-size", Integer.class).orElseThrow();
        for (int i = 0; i < pool + 5; i++) {
            String path = i % 2 == 0 ? "/audit/v1/journal/export?format=csv&kind=REVERSAL" : "/audit/v1/balances";
            List<String> lines = download(auditor, path, "text/csv").lines().toList();
            assertThat(lines.get(lines.size() - 1)).as("%s #%d", path, i).startsWith("# summary ");
        }
    }

    @Test
    void onlyAuditorsExportAndABadFilterIsRefusedBeforeAnyByte() {
        for (Role role : List.of(Role.CUSTOMER, Role.TELLER, Role.SUPERVISOR, Role.ADMIN)) {
            Api someone = login(role);
            assertThat(someone.get("/audit/v1/journal/export?format=csv").getStatus().getCode()).as("%s", role).isEqualTo(403);
            assertThat(someone.get("/audit/v1/balances").getStatus().getCode()).as("%s", role).isEqualTo(403);
        }
        Api anonymous = new Api(client.toBlocking());
        assertThat(anonymous.get("/audit/v1/journal/export").getStatus().getCode()).isEqualTo(401);
        assertThat(anonymous.get("/audit/v1/balances").getStatus().getCode()).isEqualTo(401);

        Api auditor = login(Role.AUDITOR);
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("format=xml", "format");
        bad.put("format=csv&account=12", "account");
        bad.put("format=csv&kind=GIFT", "kind");
        bad.put("format=csv&minAmount=1.00", "currency");
        bad.put("format=csv&currency=EUR&maxAmount=1.001", "maxAmount");
        bad.put("format=ndjson&from=yesterday", "from");
        for (var filter : bad.entrySet()) {
            HttpResponse<Map> response = auditor.get("/audit/v1/journal/export?" + filter.getKey());
            assertThat(response.getStatus().getCode()).as(filter.getKey()).isEqualTo(400);
            assertThat(response.getContentType().map(MediaType::toString)).contains("application/problem+json");
            assertThat(auditor.body(response)).as(filter.getKey()).containsEntry("field", filter.getValue());
            if (!filter.getValue().equals("format")) {
                Map<String, Object> api = auditor.body(auditor.get("/audit/v1/journal?" + filter.getKey().substring(filter.getKey().indexOf('&') + 1)));
                assertThat(api).as("the JSON API refuses it alike").containsEntry("field", filter.getValue())
                        .containsEntry("detail", auditor.body(response).get("detail"));
            }
        }
        HttpResponse<Map> future = auditor.get("/audit/v1/balances?asOf=" + clock.instant().plusSeconds(60));
        assertThat(future.getStatus().getCode()).isEqualTo(400);
        assertThat(auditor.body(future)).containsEntry("field", "asOf");
        assertThat(auditor.body(auditor.get("/audit/v1/balances?asOf=noon"))).containsEntry("field", "asOf");
    }
}
