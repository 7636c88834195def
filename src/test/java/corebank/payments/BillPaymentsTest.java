package corebank.payments;

import com.prowidesoftware.swift.model.mx.MxPain00100103;
import com.prowidesoftware.swift.model.mx.dic.ChargeBearerType1Code;
import com.prowidesoftware.swift.model.mx.dic.CreditTransferTransactionInformation10;
import com.prowidesoftware.swift.model.mx.dic.GroupHeader32;
import com.prowidesoftware.swift.model.mx.dic.PaymentInstructionInformation3;
import com.prowidesoftware.swift.model.mx.dic.PaymentMethod3Code;
import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.MutableClock;
import corebank.support.TestDatabase;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bill payments end to end: scheduled and recurring payments run exactly once with two engine
 * instances and a restart in between, a failed occurrence, settlement with a pain.001 file
 * parsed back by Prowide ISO 20022, and bad input that writes nothing. Time is driven by hand.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillPaymentsTest implements DatabaseTest {

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("corebank.payments.scheduler-initial-delay", "1h", "corebank.payments.scheduler-interval", "1h",
                "corebank.payments.settlement-initial-delay", "1h");
    }

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;
    @Inject
    MutableClock clock;

    Api teller;
    String settlementAccount;
    String equity;

    @BeforeAll
    void setUp() {
        clock.set(LocalDate.now(ZoneOffset.UTC).atTime(9, 0).toInstant(ZoneOffset.UTC));
        teller = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
        settlementAccount = teller.openAccount("SETTLEMENT", "EUR", Map.of("ownerRef", "bank:settlement"));
        equity = teller.openEquity("EUR");
    }

    record Customer(Api api, String account, String customerRef, TestUsers.Enrolled user) {
    }

    /** Sessions do not survive weeks of test time: log in again. */
    private Customer relogin(Customer c) {
        teller = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
        return new Customer(new Api(client.toBlocking(), TestUsers.login(context, client.toBlocking(), c.user()).accessToken()),
                c.account(), c.customerRef(), c.user());
    }

    @org.junit.jupiter.api.BeforeEach
    void freshTeller() {
        teller = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
    }

    private String biller(String pattern, String checkDigit) {
        String code = "B" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000);
        HttpResponse<Map> r = teller.post("/internal/v1/billers", Map.of("code", code, "name", "Biller " + code, "currency", "EUR",
                "settlementAccount", settlementAccount, "creditorAccount", "DE89370400440532013000",
                "referencePattern", pattern, "checkDigit", checkDigit));
        assertThat(r.getStatus().getCode()).isEqualTo(201);
        return code;
    }

    private Customer customer(String funds) {
        TestUsers.Enrolled user = TestUsers.enroll(context, Role.CUSTOMER);
        TestUsers.Session s = TestUsers.login(context, client.toBlocking(), user);
        String account = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", s.customerRef()));
        if (funds != null) {
            teller.fund(equity, account, funds, "EUR");
        }
        return new Customer(new Api(client.toBlocking(), s.accessToken()), account, s.customerRef(), user);
    }

    private String payee(Customer c, String billerCode, String reference) {
        HttpResponse<Map> r = c.api().post("/api/v1/payees", Map.of("billerCode", billerCode, "reference", reference, "nickname", "bills"));
        assertThat(r.getStatus().getCode()).as("%s", r.getBody(Map.class).orElse(null)).isEqualTo(201);
        return (String) c.api().body(r).get("id");
    }

    private String pay(Customer c, String payeeId, String amount, Map<String, Object> schedule) {
        Map<String, Object> body = new HashMap<>(Map.of("payeeId", payeeId, "fromAccount", c.account(), "amount", amount, "currency", "EUR"));
        body.putAll(schedule);
        HttpResponse<Map> r = c.api().postIdempotent("/api/v1/bill-payments", body);
        assertThat(r.getStatus().getCode()).as("%s", c.api().body(r)).isEqualTo(201);
        return (String) c.api().body(r).get("id");
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** An engine instance that only runs the payment scheduler, on the test's time. */
    private EmbeddedServer instance() {
        EmbeddedServer server = startAnotherInstance(Map.of());
        server.getApplicationContext().getBean(MutableClock.class).set(clock.instant());
        return server;
    }

    private static void runTogether(List<EmbeddedServer> instances) {
        List<CompletableFuture<Integer>> runs = new ArrayList<>();
        for (EmbeddedServer s : instances) {
            runs.add(CompletableFuture.supplyAsync(() -> s.getApplicationContext().getBean(PaymentScheduler.class).runDue()));
        }
        runs.forEach(CompletableFuture::join);
    }

    private void advanceAll(List<EmbeddedServer> instances, Duration d) {
        clock.advance(d);
        instances.forEach(s -> s.getApplicationContext().getBean(MutableClock.class).set(clock.instant()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void scheduledAndRecurringPaymentsRunExactlyOnceAcrossTwoInstancesAndARestart() throws Exception {
        String billerCode = biller("[0-9]{6,12}", "MOD10");
        Customer c = customer("1000.00");
        String payee = payee(c, billerCode, "79927398713");
        LocalDate t = today();
        final Customer payer = c;
        Map<String, Integer> expected = new HashMap<>();
        expected.put(pay(payer, payee, "10.00", Map.of("frequency", "ONCE")), 1);
        expected.put(pay(payer, payee, "20.00", Map.of("frequency", "ONCE", "startDate", t.plusDays(2).toString())), 1);
        expected.put(pay(payer, payee, "30.00", Map.of("frequency", "WEEKLY", "startDate", t.plusDays(1).toString(), "occurrences", 3)), 3);
        expected.put(pay(payer, payee, "40.00", Map.of("frequency", "MONTHLY", "startDate", t.toString(), "dayOfMonth", 31,
                "endDate", t.plusDays(45).toString())), -1);

        List<EmbeddedServer> running = new ArrayList<>(List.of(instance(), instance()));
        for (int day = 0; day < 8; day++) {
            runTogether(running);
            runTogether(running);
            advanceAll(running, Duration.ofDays(1));
        }
        running.forEach(EmbeddedServer::close);
        running.clear();
        // both engines down for 6 days: a weekly occurrence falls due meanwhile
        clock.advance(Duration.ofDays(6));
        running.add(instance());
        running.add(instance());
        for (int day = 0; day < 40; day++) {
            runTogether(running);
            advanceAll(running, Duration.ofDays(1));
        }
        running.forEach(EmbeddedServer::close);
        c = relogin(c);

        long total = 0;
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            Map payment = c.api().body(c.api().get("/api/v1/bill-payments/" + e.getKey()));
            List<Map> history = (List<Map>) payment.get("history");
            assertThat(history).extracting(h -> h.get("status")).containsOnly("SUCCEEDED");
            assertThat(history).extracting(h -> h.get("entryId")).doesNotHaveDuplicates().doesNotContainNull();
            if (e.getValue() > 0) {
                assertThat(history).as("occurrences of %s", payment.get("frequency")).hasSize(e.getValue());
            } else {
                // the 31st, or the last day of a shorter month, from t to t + 45 days: worked out here
                // from the calendar, not with the Schedule under test
                List<LocalDate> due = new ArrayList<>();
                for (java.time.YearMonth m = java.time.YearMonth.from(t); !m.atDay(1).isAfter(t.plusDays(45)); m = m.plusMonths(1)) {
                    LocalDate d = m.atEndOfMonth();
                    if (!d.isBefore(t) && !d.isAfter(t.plusDays(45))) {
                        due.add(d);
                    }
                }
                assertThat(due).isNotEmpty();
                assertThat(history).extracting(h -> LocalDate.parse((String) h.get("dueDate"))).containsExactlyElementsOf(due);
            }
            assertThat(payment.get("status")).isEqualTo("COMPLETED");
            for (Map h : history) {
                total += new BigDecimal((String) h.get("amount")).movePointRight(2).longValueExact();
                assertThat(entriesWithId((String) h.get("entryId"))).isEqualTo(1);
            }
        }
        assertThat(TestDatabase.count("SELECT count(*) FROM journal_entries WHERE description LIKE ?", "bill payment " + billerCode + " %"))
                .as("one ledger entry per occurrence, no more").isEqualTo(TestDatabase.count(
                        "SELECT count(*) FROM payment_occurrences o JOIN bill_payments b ON b.id = o.payment_id WHERE b.customer_ref = ?",
                        c.customerRef()));
        Map<String, Object> balances = teller.balances(c.account());
        assertThat(new BigDecimal((String) balances.get("balance")).movePointRight(2).longValueExact()).isEqualTo(100_000 - total);
    }

    @Test
    @SuppressWarnings("unchecked")
    void insufficientFundsFailsTheOccurrenceWithAReadableReasonAndNoEntry() throws Exception {
        String billerCode = biller("[0-9]{4}", "NONE");
        Customer poor = customer("5.00");
        String payee = payee(poor, billerCode, "1234");
        String id = pay(poor, payee, "50.00", Map.of("frequency", "ONCE"));
        long postingsBefore = TestDatabase.count("SELECT posting_count FROM accounts WHERE number = ?", poor.account());

        context.getBean(PaymentScheduler.class).runDue();

        Map payment = poor.api().body(poor.api().get("/api/v1/bill-payments/" + id));
        List<Map> history = (List<Map>) payment.get("history");
        assertThat(history).hasSize(1);
        assertThat(history.get(0)).containsEntry("status", "FAILED").containsEntry("failureCode", "insufficient_funds");
        assertThat((String) history.get(0).get("failureReason")).contains("Not enough money");
        assertThat(history.get(0).get("entryId")).isNull();
        // the list carries each payment's occurrences too, so a page shows past payments with their status in one request
        List<Map<String, Object>> listed = poor.api().allPages("/api/v1/bill-payments", "payments", 200);
        assertThat(listed).filteredOn(p -> id.equals(p.get("id"))).singleElement()
                .satisfies(p -> assertThat((List<Map>) p.get("history")).singleElement()
                        .satisfies(o -> assertThat(o).containsEntry("status", "FAILED").containsEntry("failureCode", "insufficient_funds")));
        assertThat(TestDatabase.count("SELECT posting_count FROM accounts WHERE number = ?", poor.account())).isEqualTo(postingsBefore);
        assertThat(teller.balances(poor.account()).get("balance")).isEqualTo("5.00");
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'payments.occurrence.execute' AND outcome = 'FAILURE'"
                + " AND reason = 'insufficient_funds' AND details ->> 'paymentId' = ?", id)).isEqualTo(1);
    }

    @Test
    void anOccurrenceThatCannotRunNowDoesNotHoldUpTheOthersAndRunsOnALaterRun() throws Exception {
        String billerCode = biller("[0-9]{4}", "NONE");
        Customer c = customer("100.00");
        String payee = payee(c, billerCode, "4321");
        PaymentScheduler scheduler = context.getBean(PaymentScheduler.class);
        String broken = pay(c, payee, "1.00", Map.of("frequency", "ONCE"));
        scheduler.claim();
        clock.advance(Duration.ofSeconds(1));
        String healthy = pay(c, payee, "2.00", Map.of("frequency", "ONCE"));
        scheduler.claim();
        // the older occurrence's payment now names a payee that does not exist: executing it throws
        sqlAsSuperuser("UPDATE bill_payments SET payee_id = gen_random_uuid() WHERE id = '" + broken + "'");

        scheduler.runDue();

        String statusOf = "SELECT count(*) FROM payment_occurrences WHERE payment_id = ?::uuid AND status = ";
        assertThat(TestDatabase.count(statusOf + "'SUCCEEDED'", healthy)).as("the newer one ran").isEqualTo(1);
        assertThat(TestDatabase.count(statusOf + "'RUNNING'", broken)).as("the broken one waits, nothing written").isEqualTo(1);

        sqlAsSuperuser("UPDATE bill_payments SET payee_id = '" + payee + "' WHERE id = '" + broken + "'");
        scheduler.runDue();
        assertThat(TestDatabase.count(statusOf + "'SUCCEEDED'", broken)).as("and runs once it can").isEqualTo(1);
        assertThat(teller.balances(c.account()).get("balance")).isEqualTo("97.00");
    }

    /** As a superuser with triggers and foreign keys switched off (session_replication_role = replica). */
    private static void sqlAsSuperuser(String statement) throws Exception {
        try (Connection c = TestDatabase.connect(); java.sql.Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.execute(statement);
        }
    }

    @Test
    void settlementMovesTheDaysClearingBalanceOnceAndItsFileReparsesWithIso20022() throws Exception {
        String billerCode = biller("[0-9]{12}", "MOD97");
        Customer a = customer("300.00");
        Customer b = customer("300.00");
        pay(a, payee(a, billerCode, "100000000093"), "12.34", Map.of("frequency", "ONCE"));
        pay(a, payee(a, billerCode, "100000000190"), "56.78", Map.of("frequency", "ONCE"));
        pay(b, payee(b, billerCode, "100000000287"), "100.00", Map.of("frequency", "ONCE"));
        context.getBean(PaymentScheduler.class).runDue();
        String clearing = clearingOf(billerCode);
        assertThat(teller.balances(clearing).get("balance")).isEqualTo("169.12");

        HttpResponse<Map> early = teller.post("/internal/v1/settlements", Map.of("billerCode", billerCode, "businessDate", today().toString()));
        assertThat(early.getStatus().getCode()).as("not before the cut-off").isEqualTo(409);
        clock.set(today().atTime(18, 30).toInstant(ZoneOffset.UTC));
        freshTeller();

        Map run = teller.body(teller.post("/internal/v1/settlements", Map.of("billerCode", billerCode, "businessDate", today().toString())));
        assertThat(run).containsEntry("paymentCount", 3).containsEntry("controlSum", "169.12");
        assertThat(teller.balances(clearing).get("balance")).isEqualTo("0.00");
        String xml = client.toBlocking().retrieve(HttpRequest.GET("/internal/v1/settlements/" + run.get("id") + "/file")
                .bearerAuth(teller.accessToken()), String.class);

        org.w3c.dom.Element root = parseXml(xml).getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("Document");
        assertThat(root.getNamespaceURI()).as("the message version").isEqualTo("urn:iso:std:iso:20022:tech:xsd:pain.001.001.03");
        MxPain00100103 mx = MxPain00100103.parse(xml);
        GroupHeader32 header = mx.getCstmrCdtTrfInitn().getGrpHdr();
        String messageId = "CB" + billerCode + today().toString().replace("-", "");
        assertThat(run).containsEntry("messageId", messageId);
        assertThat(header.getMsgId()).isEqualTo(messageId);
        assertThat(header.getCreDtTm().toInstant()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(header.getNbOfTxs()).isEqualTo("3");
        assertThat(header.getCtrlSum()).isEqualByComparingTo("169.12");
        assertThat(header.getInitgPty().getNm()).isEqualTo("Corebank");
        assertThat(mx.getCstmrCdtTrfInitn().getPmtInf()).hasSize(1);
        PaymentInstructionInformation3 info = mx.getCstmrCdtTrfInitn().getPmtInf().get(0);
        assertThat(info.getPmtInfId()).isEqualTo(messageId + "-1");
        assertThat(info.getPmtMtd()).isEqualTo(PaymentMethod3Code.TRF);
        assertThat(info.getNbOfTxs()).isEqualTo("3");
        assertThat(info.getCtrlSum()).isEqualByComparingTo("169.12");
        assertThat(info.getReqdExctnDt()).isEqualTo(today());
        assertThat(info.getDbtr().getNm()).as("debtor").isEqualTo("Corebank");
        assertThat(info.getDbtrAcct().getId().getOthr().getId()).as("debtor account").isEqualTo(settlementAccount);
        assertThat(info.getDbtrAgt().getFinInstnId().getOthr().getId()).isEqualTo("NOTPROVIDED");
        assertThat(info.getChrgBr()).isEqualTo(ChargeBearerType1Code.SLEV);
        List<CreditTransferTransactionInformation10> txs = info.getCdtTrfTxInf();
        assertThat(txs).hasSize(3);
        assertThat(txs.stream().map(x -> x.getAmt().getInstdAmt().getValue()).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(header.getCtrlSum());
        assertThat(txs).flatExtracting(x -> x.getRmtInf().getUstrd())
                .containsExactlyInAnyOrder("100000000093", "100000000190", "100000000287");
        assertThat(txs).allSatisfy(x -> {
            assertThat(x.getAmt().getInstdAmt().getCcy()).isEqualTo("EUR");
            assertThat(x.getCdtr().getNm()).as("creditor").isEqualTo("Biller " + billerCode);
            assertThat(x.getCdtrAcct().getId().getOthr().getId()).as("creditor account").isEqualTo("DE89370400440532013000");
        });
        // each transaction is one executed occurrence: its id (end to end), amount and the payee's reference
        Map<String, String> occurrences = occurrencesOf(billerCode);
        assertThat(txs).extracting(x -> x.getPmtId().getEndToEndId()).containsExactlyInAnyOrderElementsOf(occurrences.keySet());
        assertThat(txs).allSatisfy(x -> assertThat(x.getAmt().getInstdAmt().getValue().toPlainString() + " " + x.getRmtInf().getUstrd().get(0))
                .isEqualTo(occurrences.get(x.getPmtId().getEndToEndId())));
        // the file's control sum equals the clearing account's movement for the day
        assertThat(BigDecimal.valueOf(TestDatabase.count("""
                SELECT coalesce(sum(p.amount_minor), 0) FROM postings p JOIN accounts a ON a.id = p.account_id
                 WHERE a.number = ? AND p.side = 'C' AND p.created_at::date = ?::date""", clearing, today().toString()), 2))
                .isEqualByComparingTo(mx.getCstmrCdtTrfInitn().getGrpHdr().getCtrlSum());

        long entries = TestDatabase.count("SELECT count(*) FROM journal_entries WHERE description LIKE ?", "settlement " + billerCode + "%");
        Map again = teller.body(teller.post("/internal/v1/settlements", Map.of("billerCode", billerCode, "businessDate", today().toString())));
        assertThat(again.get("id")).isEqualTo(run.get("id"));
        assertThat(TestDatabase.count("SELECT count(*) FROM journal_entries WHERE description LIKE ?", "settlement " + billerCode + "%"))
                .isEqualTo(entries).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM settlement_runs r JOIN billers b ON b.id = r.biller_id WHERE b.code = ?", billerCode))
                .isEqualTo(1);
        assertThat(client.toBlocking().retrieve(HttpRequest.GET("/internal/v1/settlements/" + run.get("id") + "/file")
                .bearerAuth(teller.accessToken()), String.class)).isEqualTo(xml);
        clock.set(today().atTime(9, 0).toInstant(ZoneOffset.UTC).plus(Duration.ofDays(1)));
    }

    /**
     * A teller's pattern with nested repetition, (.*a){12}$, took seconds against 29 characters
     * under java.util.regex (exponential backtracking); compiled with RE2/J the match is linear.
     * A pattern RE2 cannot run in linear time (a backreference) is refused at registration.
     */
    @Test
    void aCatastrophicReferencePatternAnswersAtOnce() {
        String code = biller("(.*a){12}$", "NONE");
        Customer c = customer(null);
        for (String reference : List.of("a".repeat(29) + "!", "a".repeat(34) + "!")) {
            long started = System.nanoTime();
            HttpResponse<Map> r = c.api().post("/api/v1/payees", Map.of("billerCode", code, "reference", reference, "nickname", "slow"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(r.getStatus().getCode()).isEqualTo(400);
            assertThat(c.api().body(r)).containsEntry("code", "invalid_reference");
            assertThat(millis).as("answer time for %d characters", reference.length()).isLessThan(1_000);
        }
        assertThat(c.api().post("/api/v1/payees", Map.of("billerCode", code, "reference", "a".repeat(12), "nickname", "ok"))
                .getStatus().getCode()).isEqualTo(201);
        HttpResponse<Map> backreference = teller.post("/internal/v1/billers", Map.of("code", "BR" + Math.abs(UUID.randomUUID()
                        .getMostSignificantBits() % 100_000), "name", "Backref", "currency", "EUR", "settlementAccount", settlementAccount,
                "creditorAccount", "DE89370400440532013000", "referencePattern", "(a)\\1", "checkDigit", "NONE"));
        assertThat(backreference.getStatus().getCode()).isEqualTo(400);
        assertThat(teller.body(backreference)).containsEntry("field", "referencePattern");
    }

    @Test
    void badInputGetsAClearErrorAndWritesNothing() throws Exception {
        String billerCode = biller("[0-9]{6,12}", "MOD10");
        Customer c = customer("100.00");
        Customer other = customer("100.00");
        String payee = payee(c, billerCode, "79927398713");
        String othersPayee = payee(other, billerCode, "79927398713");
        long before = TestDatabase.count("SELECT (SELECT count(*) FROM payees) + (SELECT count(*) FROM bill_payments)");

        assertProblem(c.api().post("/api/v1/payees", Map.of("billerCode", billerCode, "reference", "79927398710", "nickname", "x")),
                400, "invalid_reference", "reference");
        assertProblem(c.api().post("/api/v1/payees", Map.of("billerCode", billerCode, "reference", "12", "nickname", "x")),
                400, "invalid_reference", "reference");
        assertProblem(c.api().post("/api/v1/payees", Map.of("billerCode", "NOSUCH", "reference", "79927398713", "nickname", "x")),
                404, "not_found", "billerCode");
        Map<String, Object> ok = Map.of("payeeId", payee, "fromAccount", c.account(), "amount", "1.00", "currency", "EUR", "frequency", "ONCE");
        assertProblem(c.api().postIdempotent("/api/v1/bill-payments", with(ok, "startDate", today().minusDays(1).toString())),
                400, "execution_date_in_past", "startDate");
        assertProblem(c.api().postIdempotent("/api/v1/bill-payments", with(ok, "payeeId", UUID.randomUUID().toString())),
                404, "not_found", "payeeId");
        assertProblem(c.api().postIdempotent("/api/v1/bill-payments", with(ok, "payeeId", othersPayee)), 404, "not_found", "payeeId");
        assertProblem(c.api().postIdempotent("/api/v1/bill-payments", with(ok, "fromAccount", other.account())), 404, "not_found", "fromAccount");
        assertProblem(c.api().postIdempotent("/api/v1/bill-payments", with(ok, "currency", "USD")), 422, "currency_mismatch", "currency");
        assertProblem(c.api().postIdempotent("/api/v1/bill-payments", with(with(with(ok, "frequency", "WEEKLY"),
                "startDate", today().plusDays(10).toString()), "endDate", today().plusDays(3).toString())), 400, "recurrence_never_runs", "endDate");
        assertProblem(c.api().postIdempotent("/api/v1/bill-payments", with(with(ok, "frequency", "MONTHLY"), "occurrences", 0)),
                400, "recurrence_never_runs", "occurrences");
        assertProblem(c.api().postIdempotent("/api/v1/bill-payments", with(ok, "amount", "0.001")), 400, "invalid_amount", "amount");
        assertProblem(c.api().post("/api/v1/bill-payments", ok), 400, "idempotency_key_missing", "Idempotency-Key");
        assertThat(TestDatabase.count("SELECT (SELECT count(*) FROM payees) + (SELECT count(*) FROM bill_payments)")).isEqualTo(before);

        // one key: the same request twice at once makes one payment, and a different request is a conflict
        Map<String, Object> future = with(ok, "startDate", today().plusDays(5).toString());
        String key = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            String twinKey = UUID.randomUUID().toString();
            List<CompletableFuture<HttpResponse<Map>>> twins = List.of(
                    CompletableFuture.supplyAsync(() -> c.api().postIdempotent("/api/v1/bill-payments", future, twinKey)),
                    CompletableFuture.supplyAsync(() -> c.api().postIdempotent("/api/v1/bill-payments", future, twinKey)));
            List<Object> ids = twins.stream().map(CompletableFuture::join).map(r -> {
                assertThat(r.getStatus().getCode()).as("%s", c.api().body(r)).isLessThan(300);
                return c.api().body(r).get("id");
            }).toList();
            assertThat(ids.get(0)).isNotNull().isEqualTo(ids.get(1));
            assertThat(TestDatabase.count("SELECT count(*) FROM bill_payments WHERE idempotency_key = ?", twinKey)).isEqualTo(1);
            key = twinKey;
        }
        assertProblem(c.api().postIdempotent("/api/v1/bill-payments", with(future, "amount", "1.01"), key),
                409, "idempotency_conflict", "Idempotency-Key");

        String id = pay(c, payee, "5.00", Map.of("frequency", "ONCE", "startDate", today().plusDays(3).toString()));
        Map edited = c.api().body(c.api().exchange(HttpRequest.PUT("/api/v1/bill-payments/" + id, Map.of("amount", "6.50"))));
        assertThat(edited.get("amount")).isEqualTo("6.50");
        assertThat(c.api().body(c.api().post("/api/v1/bill-payments/" + id + "/cancel", Map.of())).get("status")).isEqualTo("CANCELLED");
        assertProblem(c.api().post("/api/v1/bill-payments/" + id + "/cancel", Map.of()), 409, "payment_not_editable", "paymentId");
        assertProblem(other.api().get("/api/v1/bill-payments/" + id), 404, "not_found", "paymentId");
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }

    private void assertProblem(HttpResponse<Map> response, int status, String code, String field) {
        Map body = teller.body(response);
        assertThat(response.getStatus().getCode()).as("%s", body).isEqualTo(status);
        assertThat(body).containsEntry("code", code).containsEntry("field", field);
    }

    /** The biller's executed occurrences: end-to-end id (the occurrence id without dashes) to "amount reference". */
    private static Map<String, String> occurrencesOf(String billerCode) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement("""
                SELECT replace(o.id::text, '-', ''), o.amount_minor, p.reference
                  FROM payment_occurrences o JOIN bill_payments b ON b.id = o.payment_id JOIN payees p ON p.id = b.payee_id
                  JOIN billers bl ON bl.id = p.biller_id WHERE bl.code = ? AND o.status = 'SUCCEEDED'""")) {
            s.setString(1, billerCode);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), BigDecimal.valueOf(rs.getLong(2), 2).toPlainString() + " " + rs.getString(3));
                }
            }
        }
        return out;
    }

    private static org.w3c.dom.Document parseXml(String xml) throws Exception {
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new org.xml.sax.InputSource(new java.io.StringReader(xml)));
    }

    private String clearingOf(String billerCode) {
        List<Map<String, Object>> billers = teller.allPages("/internal/v1/billers", "billers", 200);
        return billers.stream().filter(b -> b.get("code").equals(billerCode)).map(b -> (String) b.get("clearingAccount")).findFirst().orElseThrow();
    }

    private static long entriesWithId(String id) throws Exception {
        return TestDatabase.count("SELECT count(*) FROM journal_entries WHERE id = ?::uuid", id);
    }
}
