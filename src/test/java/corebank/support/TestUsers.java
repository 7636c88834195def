package corebank.support;

import corebank.audit.AuditContext;
import corebank.identity.user.Enrollment;
import corebank.identity.user.Role;
import corebank.identity.mfa.Totp;
import corebank.identity.mfa.TotpSecret;
import corebank.identity.user.UserAdmin;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.BlockingHttpClient;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes real users the way production does (an administrator creates them, they enroll a
 * password and a TOTP secret with their one-time token) and logs them in over HTTP with both
 * factors, so tests hold genuine bearer tokens.
 */
public final class TestUsers {

    public static final String PASSWORD = "correct horse battery staple 42";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** An enrolled user: their TOTP secret and recovery codes, as the user would hold them. */
    public record Enrolled(String username, byte[] totpSecret, List<String> recoveryCodes, String customerRef) {
    }

    /** A logged-in user. */
    public record Session(Enrolled user, String accessToken, String refreshToken, String csrfToken) {
        public String username() {
            return user.username();
        }

        public String customerRef() {
            return user.customerRef();
        }
    }

    private TestUsers() {
    }

    public static String uniqueName(String prefix) {
        return (prefix + "-" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6)).toLowerCase();
    }

    public static Enrolled enroll(ApplicationContext context, Role role) {
        String name = uniqueName(role.name().toLowerCase());
        String customerRef = role == Role.CUSTOMER ? TestCustomers.create(context, "Test " + name).customerRef() : null;
        UserAdmin.Created created = context.getBean(UserAdmin.class).create(name, "Test " + name, EnumSet.of(role),
                customerRef, AuditContext.system("test-setup"));
        Enrollment enrollment = context.getBean(Enrollment.class);
        Enrollment.TotpSetup setup = enrollment.begin(created.enrollmentToken(), PASSWORD.toCharArray(),
                AuditContext.system("test-setup"));
        byte[] secret = TotpSecret.fromBase32(setup.secretBase32());
        String code = context.getBean(Totp.class).code(secret, now(context));
        List<String> recovery = enrollment.confirm(created.enrollmentToken(), code, AuditContext.system("test-setup"));
        return new Enrolled(name, secret, recovery, customerRef);
    }

    /** Logs in with the TOTP code of the next time step (accepted within the one-step skew). */
    public static Session login(ApplicationContext context, BlockingHttpClient http, Enrolled user) {
        String code = context.getBean(Totp.class).code(user.totpSecret(), now(context) + 30);
        return loginWith(http, user, Map.of("code", code));
    }

    /** Logs in with one of the user's recovery codes (each works once). */
    public static Session loginWithRecoveryCode(BlockingHttpClient http, Enrolled user, int which) {
        return loginWith(http, user, Map.of("recoveryCode", user.recoveryCodes().get(which)));
    }

    public static Session loginAs(ApplicationContext context, BlockingHttpClient http, Role role) {
        return login(context, http, enroll(context, role));
    }

    @SuppressWarnings("unchecked")
    private static Session loginWith(BlockingHttpClient http, Enrolled user, Map<String, String> factor) {
        Map<String, Object> challenge = http.retrieve(HttpRequest.POST("/api/v1/auth/login",
                Map.of("username", user.username(), "password", PASSWORD)), Map.class);
        Map<String, Object> body = new java.util.HashMap<>(factor);
        body.put("challengeId", challenge.get("challengeId"));
        Map<String, Object> session = http.retrieve(HttpRequest.POST("/api/v1/auth/second-factor", body), Map.class);
        return new Session(user, (String) session.get("accessToken"), (String) session.get("refreshToken"),
                (String) session.get("csrfToken"));
    }

    private static long now(ApplicationContext context) {
        return context.getBean(Clock.class).instant().getEpochSecond();
    }
}
