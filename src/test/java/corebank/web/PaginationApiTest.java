package corebank.web;

import corebank.identity.user.Role;
import corebank.platform.Pages;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.TestDatabase;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One paging convention on every list (docs/api.md, "Pagination"): {@code limit} and an opaque
 * {@code cursor} in, the rows and {@code nextCursor} out. Walking a list a few rows at a time
 * gives every row exactly once, in the same order as one large page; a limit out of bounds or a
 * cursor the API did not hand out answers 400 validation_failed naming the parameter; another
 * customer's cursor shows only the caller's own rows.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaginationApiTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;

    Api teller;
    Api admin;
    Api auditor;
    Api alice;
    Api bob;
    String aliceAccount;
    List<String> aliceAccounts = new ArrayList<>();
    String aliceRef;
    String bobAccount;
    String tag;
    List<String> billerCodes = new ArrayList<>();
    List<String> alicePayees = new ArrayList<>();
    List<String> bobPayees = new ArrayList<>();
    List<String> alicePayments = new ArrayList<>();
    String bobPayment;

    @BeforeAll
    void setUp() {
        teller = session(Role.TELLER);
        admin = session(Role.ADMIN);
        auditor = session(Role.AUDITOR);
        TestUsers.Session a = TestUsers.loginAs(context, client.toBlocking(), Role.CUSTOMER);
        TestUsers.Session b = TestUsers.loginAs(context, client.toBlocking(), Role.CUSTOMER);
        alice = new Api(client.toBlocking(), a.accessToken());
        aliceRef = a.customerRef();
        bob = new Api(client.toBlocking(), b.accessToken());
        String equity = teller.openEquity("EUR");
        aliceAccount = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", a.customerRef()));
        aliceAccounts.add(aliceAccount);
        aliceAccounts.add(teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", a.customerRef())));
        aliceAccounts.add(teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", a.customerRef())));
        bobAccount = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", b.customerRef()));
        for (int i = 1; i <= 5; i++) {
            teller.fund(equity, aliceAccount, i + ".00", "EUR");
        }
        teller.fund(equity, bobAccount, "9.00", "EUR");
        String settlement = teller.openAccount("SETTLEMENT", "EUR", Map.of("ownerRef", "bank:settlement"));
        tag = String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000));
        for (String letter : List.of("A", "B", "C", "D", "E")) {
            String code = "PG" + letter + tag;
            HttpResponse<Map> r = teller.post("/internal/v1/billers", Map.of("code", code, "name", "Paged Biller " + letter + " " + tag,
                    "currency", "EUR", "settlementAccount", settlement, "creditorAccount", "DE89370400440532013000",
                    "referencePattern", "[0-9]{4,12}", "checkDigit", "NONE"));
            assertThat(r.getStatus().getCode()).as("%s", teller.body(r)).isEqualTo(201);
            billerCodes.add(code);
        }
        for (int i = 0; i < 5; i++) {
            alicePayees.add(payee(alice, billerCodes.get(i), "1000" + i));
        }
        bobPayees.add(payee(bob, billerCodes.get(0), "2000"));
        bobPayees.add(payee(bob, billerCodes.get(1), "2001"));
        String due = LocalDate.now().plusDays(20).toString();
        for (int i = 0; i < 5; i++) {
            alicePayments.add(payment(alice, alicePayees.get(i), aliceAccount, due));
        }
        bobPayment = payment(bob, bobPayees.get(0), bobAccount, due);
    }

    private Api session(Role role) {
        return new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), role).accessToken());
    }

    private static String payee(Api customer, String billerCode, String reference) {
        HttpResponse<Map> r = customer.post("/api/v1/payees", Map.of("billerCode", billerCode, "reference", reference, "nickname", "p" + reference));
        assertThat(r.getStatus().getCode()).as("%s", customer.body(r)).isEqualTo(201);
        return (String) customer.body(r).get("id");
    }

    private static String payment(Api customer, String payeeId, String account, String due) {
        HttpResponse<Map> r = customer.postIdempotent("/api/v1/bill-payments", Map.of("payeeId", payeeId, "fromAccount", account,
                "amount", "1.00", "currency", "EUR", "frequency", "ONCE", "startDate", due));
        assertThat(r.getStatus().getCode()).as("%s", customer.body(r)).isEqualTo(201);
        return (String) customer.body(r).get("id");
    }

    /** The order of lists by creation: time, then id as PostgreSQL compares uuids (byte by byte, as their text). */
    private static final java.util.Comparator<Map<String, Object>> CREATED_THEN_ID = java.util.Comparator
            .<Map<String, Object>, java.time.Instant>comparing(r -> java.time.Instant.parse((String) r.get("createdAt")))
            .thenComparing(r -> (String) r.get("id"));

    private static List<Object> ids(List<Map<String, Object>> rows, String key) {
        return rows.stream().map(r -> r.get(key)).toList();
    }

    /** Small pages give the rows of one large page, each once, in the same order. */
    private static List<Map<String, Object>> walksLikeOnePage(Api caller, String path, String key, String id, int small, int large) {
        List<Map<String, Object>> paged = caller.allPages(path, key, small);
        List<Map<String, Object>> whole = caller.allPages(path, key, large);
        assertThat(ids(paged, id)).as(path).doesNotHaveDuplicates().containsExactlyElementsOf(ids(whole, id));
        return paged;
    }

    @Test
    void payeesComeInPagesInTheOrderTheyWereSavedAndACursorShowsOnlyTheCallersOwn() {
        // saved within the same instant of the test clock, payees keep the order of their ids: the tiebreaker
        List<Map<String, Object>> paged = walksLikeOnePage(alice, "/api/v1/payees", "payees", "id", 2, 200);
        assertThat(ids(paged, "id")).containsExactlyInAnyOrderElementsOf(alicePayees);
        assertThat(paged).isSortedAccordingTo(CREATED_THEN_ID);
        Map first = alice.body(alice.get("/api/v1/payees?limit=2"));
        assertThat((List<?>) first.get("payees")).hasSize(2);
        String aliceCursor = (String) first.get("nextCursor");
        assertThat(aliceCursor).isNotNull();
        // bob with alice's cursor: a position in bob's own list, never one of alice's payees
        List<Map<String, Object>> bobs = rows(bob.body(bob.get("/api/v1/payees?limit=200&cursor=" + aliceCursor)), "payees");
        assertThat(ids(bobs, "id")).isSubsetOf(bobPayees).doesNotContainAnyElementsOf(alicePayees);
        assertThat(ids(bob.allPages("/api/v1/payees", "payees", 1), "id")).containsExactlyInAnyOrderElementsOf(bobPayees);
    }

    @Test
    void aCustomersAccountsComeInPagesInOpeningOrderAndACursorShowsOnlyTheCallersOwn() {
        assertThat(ids(walksLikeOnePage(alice, "/api/v1/accounts", "accounts", "number", 1, 200), "number"))
                .containsExactlyElementsOf(aliceAccounts);
        String aliceCursor = (String) alice.body(alice.get("/api/v1/accounts?limit=1")).get("nextCursor");
        assertThat(ids(rows(bob.body(bob.get("/api/v1/accounts?limit=200&cursor=" + aliceCursor)), "accounts"), "number"))
                .isSubsetOf(List.of(bobAccount));
        // the teller's account list, on the same cursors
        String customer = java.net.URLEncoder.encode(aliceRef, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ids(walksLikeOnePage(teller, "/internal/v1/accounts?customer=" + customer, "accounts", "number", 1, 200), "number"))
                .containsExactlyElementsOf(aliceAccounts);
    }

    @Test
    void billPaymentsComeInPagesNewestFirstAndACursorShowsOnlyTheCallersOwn() {
        List<Map<String, Object>> paged = walksLikeOnePage(alice, "/api/v1/bill-payments", "payments", "id", 2, 200);
        assertThat(ids(paged, "id")).containsExactlyInAnyOrderElementsOf(alicePayments);
        assertThat(paged).isSortedAccordingTo(CREATED_THEN_ID.reversed());
        String aliceCursor = (String) alice.body(alice.get("/api/v1/bill-payments?limit=1")).get("nextCursor");
        assertThat(aliceCursor).isNotNull();
        Map bobsPage = bob.body(bob.get("/api/v1/bill-payments?limit=200&cursor=" + aliceCursor));
        assertThat(ids(rows(bobsPage, "payments"), "id")).isSubsetOf(List.of(bobPayment));
        assertThat(ids(bob.allPages("/api/v1/bill-payments", "payments", 1), "id")).containsExactly(bobPayment);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map page, String key) {
        return (List<Map<String, Object>>) page.getOrDefault(key, List.of());
    }

    @Test
    void theBillerDirectoryComesInPagesByCodeForCustomersAndTellers() throws Exception {
        List<Map<String, Object>> found = walksLikeOnePage(alice, "/api/v1/billers?query=paged%20biller%20", "billers", "code", 2, 200);
        assertThat(ids(found, "code")).containsAll(billerCodes);
        assertThat(ids(alice.allPages("/api/v1/billers?query=" + tag, "billers", 2), "code")).containsExactlyElementsOf(billerCodes);
        List<Map<String, Object>> all = walksLikeOnePage(teller, "/internal/v1/billers", "billers", "code", 3, 200);
        assertThat(ids(all, "code")).isSortedAccordingTo((x, y) -> ((String) x).compareTo((String) y)).containsAll(billerCodes);
        assertThat((long) all.size()).isEqualTo(TestDatabase.count("SELECT count(*) FROM billers"));
    }

    @Test
    void settlementRunsComeInPagesNewestDateFirst() throws Exception {
        LocalDate from = LocalDate.now().minusDays(400);
        for (String code : billerCodes) {
            for (int daysAgo : List.of(300, 301)) {
                HttpResponse<Map> r = teller.post("/internal/v1/settlements", Map.of("billerCode", code,
                        "businessDate", LocalDate.now().minusDays(daysAgo).toString()));
                assertThat(r.getStatus().getCode()).as("%s", teller.body(r)).isEqualTo(200);
            }
        }
        List<Map<String, Object>> runs = walksLikeOnePage(teller, "/internal/v1/settlements?from=" + from, "runs", "id", 3, 200);
        assertThat((long) runs.size()).isEqualTo(TestDatabase.count("SELECT count(*) FROM settlement_runs WHERE business_date >= ?::date",
                from.toString()));
        assertThat(runs.stream().filter(r -> billerCodes.contains(r.get("billerCode")))).hasSize(10);
        assertThat(ids(runs, "businessDate")).isSortedAccordingTo((x, y) -> ((String) y).compareTo((String) x));
    }

    @Test
    void usersComeInPagesByUsername() throws Exception {
        List<Map<String, Object>> users = walksLikeOnePage(admin, "/internal/v1/admin/users", "users", "username", 3, 200);
        assertThat((long) users.size()).isEqualTo(TestDatabase.count("SELECT count(*) FROM users"));
        assertThat(ids(users, "username")).isSortedAccordingTo((x, y) -> ((String) x).compareTo((String) y));
    }

    @Test
    void historyPostingsAndAuditEventsWalkOnCursors() {
        List<Map<String, Object>> lines = walksLikeOnePage(alice, "/api/v1/accounts/" + aliceAccount + "/history", "lines", "sequence", 2, 200);
        assertThat(lines).hasSize(5);
        assertThat(walksLikeOnePage(teller, "/internal/v1/accounts/" + aliceAccount + "/postings", "postings", "sequence", 2, 200))
                .hasSize(5);
        assertThat(walksLikeOnePage(auditor, "/audit/v1/events?targetType=PAYEE", "events", "id", 2, 500))
                .hasSizeGreaterThanOrEqualTo(7);
        // alice's history cursor on bob's own account: bob's lines only
        String aliceCursor = (String) alice.body(alice.get("/api/v1/accounts/" + aliceAccount + "/history?limit=1")).get("nextCursor");
        List<Map<String, Object>> bobs = rows(bob.body(bob.get("/api/v1/accounts/" + bobAccount + "/history?limit=200&cursor=" + aliceCursor)), "lines");
        assertThat(bobs).allSatisfy(l -> assertThat(l.get("amount")).isEqualTo("9.00"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void tillsTheirDaysAndPendingDifferencesComeInPages() throws Exception {
        Api supervisor = session(Role.SUPERVISOR);
        // CHF, which no other test and not the demo bank sets up for cash (the demo sets EUR up with its own vault)
        HttpResponse<Map> chf = supervisor.post("/internal/v1/cash/currencies", Map.of("currency", "CHF"));
        assertThat(chf.getStatus().getCode()).as("%s", supervisor.body(chf)).isEqualTo(201);
        List<Long> tills = new ArrayList<>();
        TestUsers.Session first = null;
        for (int i = 0; i < 3; i++) {
            TestUsers.Session t = TestUsers.loginAs(context, client.toBlocking(), Role.TELLER);
            first = first == null ? t : first;
            HttpResponse<Map> till = supervisor.post("/internal/v1/tills", Map.of("teller", t.username(), "currency", "CHF"));
            assertThat(till.getStatus().getCode()).as("%s", supervisor.body(till)).isEqualTo(201);
            tills.add(((Number) supervisor.body(till).get("id")).longValue());
        }
        List<Map<String, Object>> all = walksLikeOnePage(supervisor, "/internal/v1/tills", "tills", "id", 2, 200);
        assertThat((long) all.size()).isEqualTo(TestDatabase.count("SELECT count(*) FROM tills"));
        assertThat(ids(all, "id")).extracting(id -> ((Number) id).longValue()).containsAll(tills);
        Api own = new Api(client.toBlocking(), first.accessToken());
        assertThat(ids(own.allPages("/internal/v1/tills", "tills", 1), "id")).extracting(id -> ((Number) id).longValue())
                .containsExactly(tills.get(0));
        // the first teller's cursor shows a supervisor's list from there on, and the teller's own list nothing else
        String supervisorCursor = (String) supervisor.body(supervisor.get("/internal/v1/tills?limit=1")).get("nextCursor");
        assertThat(ids(rows(own.body(own.get("/internal/v1/tills?limit=200&cursor=" + supervisorCursor)), "tills"), "id"))
                .extracting(id -> ((Number) id).longValue()).isSubsetOf(List.of(tills.get(0)));

        String days = "/internal/v1/tills/" + tills.get(0) + "/days";
        for (int i = 0; i < 3; i++) {
            HttpResponse<Map> opened = own.post(days, Map.of("countedAmount", "0.00"));
            assertThat(opened.getStatus().getCode()).as("%s", own.body(opened)).isEqualTo(201);
            HttpResponse<Map> closed = own.post(days + "/" + own.body(opened).get("id") + "/close", Map.of("countedAmount", "0.00"));
            assertThat(closed.getStatus().getCode()).as("%s", own.body(closed)).isEqualTo(200);
        }
        assertThat(walksLikeOnePage(own, days, "days", "id", 2, 200)).hasSize(3);
        walksLikeOnePage(supervisor, "/internal/v1/cash/differences", "differences", "id", 2, 200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theListsThatHadCursorsAlreadyUseTheSameOpaqueOnes() {
        assertThat(walksLikeOnePage(auditor, "/audit/v1/journal?account=" + aliceAccount, "entries", "id", 2, 200)).hasSize(5);
        walksLikeOnePage(auditor, "/audit/v1/approvals", "approvals", "id", 3, 200);
        walksLikeOnePage(session(Role.SUPERVISOR), "/internal/v1/approvals", "approvals", "id", 3, 200);
        Map customer = rows(teller.body(teller.get("/internal/v1/customers?accountNumber=" + aliceAccount)), "customers").get(0);
        String name = java.net.URLEncoder.encode(((String) customer.get("legalName")).split(" ")[0], java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ids(walksLikeOnePage(teller, "/internal/v1/customers?name=" + name, "customers", "number", 2, 100), "number"))
                .contains(customer.get("number"));
    }

    @Test
    void aLimitOutOfBoundsOrACursorNotHandedOutIsRefusedNamingTheParameter() {
        String forged = Pages.cursor("x", "y", "z");
        String withNul = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("1\n\u0000".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Map<Api, List<String>> lists = Map.of(
                alice, List.of("/api/v1/accounts", "/api/v1/payees", "/api/v1/bill-payments", "/api/v1/billers", "/api/v1/accounts/" + aliceAccount + "/history"),
                teller, List.of("/internal/v1/accounts", "/internal/v1/billers", "/internal/v1/settlements", "/internal/v1/accounts/" + aliceAccount + "/postings",
                        "/internal/v1/tills", "/internal/v1/customers?name=a"),
                session(Role.SUPERVISOR), List.of("/internal/v1/cash/differences", "/internal/v1/approvals"),
                admin, List.of("/internal/v1/admin/users"),
                auditor, List.of("/audit/v1/events", "/audit/v1/journal", "/audit/v1/approvals"));
        lists.forEach((caller, paths) -> paths.forEach(path -> {
            String q = path.contains("?") ? "&" : "?";
            refused(caller, path + q + "limit=0", "limit");
            refused(caller, path + q + "limit=" + (path.startsWith("/audit/v1/events") ? 501 : path.startsWith("/internal/v1/customers") ? 101 : 201), "limit");
            refused(caller, path + q + "limit=two", "limit");
            refused(caller, path + q + "cursor=not-a-cursor!", "cursor");
            refused(caller, path + q + "cursor=" + forged, "cursor");
            refused(caller, path + q + "cursor=" + withNul, "cursor");
        }));
        // a cursor of one list is not one of another
        String payeesCursor = (String) alice.body(alice.get("/api/v1/payees?limit=1")).get("nextCursor");
        refused(alice, "/api/v1/accounts/" + aliceAccount + "/history?cursor=" + payeesCursor, "cursor");
        refused(admin, "/internal/v1/admin/users?cursor=" + payeesCursor, "cursor");
    }

    private static void refused(Api caller, String path, String field) {
        HttpResponse<Map> r = caller.get(path);
        assertThat(r.getStatus().getCode()).as(path).isEqualTo(400);
        assertThat(r.getHeaders().getContentType()).as(path).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(caller.body(r)).as(path).containsEntry("code", "validation_failed").containsEntry("field", field);
    }
}
