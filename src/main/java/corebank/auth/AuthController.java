package corebank.auth;

import corebank.web.ProblemDetail;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import corebank.audit.AuditAction;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.identity.user.Enrollment;
import corebank.identity.LoginService;
import corebank.identity.password.PasswordChange;
import corebank.identity.session.LoginSummary;
import corebank.identity.session.SessionService;
import corebank.identity.session.SessionTokens;
import corebank.platform.ErrorCode;
import corebank.platform.TransactionRunner;
import corebank.web.LoginThrottle;
import corebank.web.Origins;
import corebank.web.SessionCookies;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Login in two steps, sessions and second-factor enrollment, for every audience. Bearer clients
 * (teller and auditor tools) get tokens in the body; the web app sends {@code X-Session-Mode:
 * cookie} and gets HttpOnly cookies plus the CSRF token instead.
 */
@Controller("/api/v1/auth")
@ExecuteOn(TaskExecutors.BLOCKING)
@corebank.web.ProblemResponses
@Tag(name = "authentication")
class AuthController {

    static final String CHANNEL = "api";

    @Serdeable
    record LoginRequest(@NotBlank(message = "required") String username, @NotEmpty(message = "required") String password) {
    }

    @Serdeable
    record ChallengeResponse(String challengeId, Instant expiresAt, List<String> factors) {
    }

    @Serdeable
    record SecondFactorRequest(@NotBlank(message = "required") String challengeId, @Nullable String code, @Nullable String recoveryCode) {
    }

    @Serdeable
    record RefreshRequest(@Nullable String refreshToken) {
    }

    @Serdeable
    record SessionResponse(@Nullable String accessToken, @Nullable String tokenType, int expiresIn,
                           @Nullable String refreshToken, String csrfToken, Instant idleExpiresAt,
                           Instant absoluteExpiresAt, String username, List<String> roles) {
    }

    @Serdeable
    record EnrollmentRequest(@NotBlank(message = "required") String enrollmentToken, String password) {
    }

    @Serdeable
    record EnrollmentConfirmRequest(@NotBlank(message = "required") String enrollmentToken, @Nullable String code) {
    }

    @Serdeable
    record ProofRequest(@Nullable String code, @Nullable String recoveryCode) {
    }

    @Serdeable
    record CodeRequest(String code) {
    }

    @Serdeable
    record RecoveryCodesResponse(List<String> recoveryCodes, String notice) {
    }

    @Serdeable
    record PasswordChangeRequest(String currentPassword, String newPassword, @Nullable String code,
                                 @Nullable String recoveryCode) {
    }

    @Serdeable
    record MeResponse(String username, List<String> roles, @Nullable String customerRef) {
    }

    @Serdeable
    record SecuritySummaryResponse(@Nullable Instant previousLoginAt, @Nullable String previousChannel,
                                   @Nullable String previousClientAddress, int failedAttemptsSince) {
    }

    private final LoginService login;
    private final SessionService sessions;
    private final Enrollment enrollment;
    private final PasswordChange passwordChange;
    private final LoginThrottle throttle;
    private final AuditLog auditLog;
    private final TransactionRunner runner;
    private final Clock clock;
    private final LoginSummary loginSummary;

    AuthController(LoginService login, SessionService sessions, Enrollment enrollment, PasswordChange passwordChange,
                   LoginThrottle throttle, AuditLog auditLog, TransactionRunner runner, Clock clock,
                   LoginSummary loginSummary) {
        this.login = login;
        this.sessions = sessions;
        this.enrollment = enrollment;
        this.passwordChange = passwordChange;
        this.throttle = throttle;
        this.auditLog = auditLog;
        this.runner = runner;
        this.clock = clock;
        this.loginSummary = loginSummary;
    }

    @Post("/login")
    @io.swagger.v3.oas.annotations.security.SecurityRequirement(name = "") // anonymous: security [{}]
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Operation(summary = "Step 1: password. Answers a single-use challenge for the second factor (valid about 2 minutes)")
    @corebank.web.Throttled
    @corebank.web.BodyRefusals
    ChallengeResponse login(@Valid @Body LoginRequest body, HttpRequest<?> request) {
        throttled(request, AuditAction.IDENTITY_LOGIN);
        LoginService.Challenge challenge = login.checkPassword(body.username(), chars(body.password()), Origins.of(request, CHANNEL));
        return new ChallengeResponse(challenge.challengeId(), challenge.expiresAt(), List.of("totp", "recovery_code"));
    }

    @Post("/second-factor")
    @io.swagger.v3.oas.annotations.security.SecurityRequirement(name = "") // anonymous: security [{}]
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Operation(summary = "Step 2: a TOTP code or a recovery code answers the challenge and opens a session")
    @corebank.web.Throttled
    @corebank.web.BodyRefusals
    HttpResponse<SessionResponse> secondFactor(@Valid @Body SecondFactorRequest body, HttpRequest<?> request) {
        throttled(request, AuditAction.IDENTITY_LOGIN);
        SessionTokens tokens = login.answerChallenge(body.challengeId(), body.code(), body.recoveryCode(),
                wantsCookies(request) ? "web" : CHANNEL, Origins.of(request, CHANNEL));
        return session(request, tokens);
    }

    @Post("/refresh")
    @io.swagger.v3.oas.annotations.security.SecurityRequirement(name = "") // anonymous: security [{}]
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Operation(summary = "Rotate the refresh token and get a new access token; a spent refresh token revokes its session")
    @corebank.web.Throttled
    @corebank.web.BodyRefusals
    HttpResponse<SessionResponse> refresh(@Nullable @Body RefreshRequest body, HttpRequest<?> request) {
        throttled(request, AuditAction.IDENTITY_SESSION_REFRESH);
        String token = body != null && body.refreshToken() != null ? body.refreshToken()
                : request.getCookies().findCookie(SessionCookies.REFRESH).map(c -> c.getValue()).orElse(null);
        return session(request, sessions.refresh(token, Origins.of(request, CHANNEL)));
    }

    @Post("/logout")
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.NO_CONTENT)
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Operation(summary = "End this session")
    HttpResponse<Void> logout(HttpRequest<?> request) {
        sessions.logout(Origins.sessionId(Origins.authentication(request)), Origins.of(request, CHANNEL));
        MutableHttpResponse<Void> response = HttpResponse.noContent();
        SessionCookies.clear(response);
        return response;
    }

    @Post("/logout-everywhere")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Operation(summary = "End every session of this user")
    HttpResponse<Map<String, Integer>> logoutEverywhere(HttpRequest<?> request) {
        int ended = sessions.logoutEverywhere(Origins.userId(Origins.authentication(request)), Origins.of(request, CHANNEL));
        MutableHttpResponse<Map<String, Integer>> response = HttpResponse.ok(Map.of("sessionsEnded", ended));
        SessionCookies.clear(response);
        return response;
    }

    @Get("/me")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Operation(summary = "Who this session belongs to")
    MeResponse me(HttpRequest<?> request) {
        Authentication auth = Origins.authentication(request);
        return new MeResponse(auth.getName(), List.copyOf(auth.getRoles()), Origins.customerRef(auth));
    }

    @Get("/me/security")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Operation(summary = "Own sign-in summary: the previous successful login (before this session) and failed login attempts since")
    SecuritySummaryResponse security(HttpRequest<?> request) {
        Authentication auth = Origins.authentication(request);
        LoginSummary.Summary s = loginSummary.of(Origins.userId(auth), Origins.sessionId(auth));
        return new SecuritySummaryResponse(s.previousLoginAt(), s.previousChannel(), s.previousClientAddress(),
                s.failedAttemptsSince());
    }

    @Post("/enrollment")
    @io.swagger.v3.oas.annotations.security.SecurityRequirement(name = "") // anonymous: security [{}]
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Operation(summary = "With an enrollment token from an administrator: set a password and get a TOTP secret (otpauth URI and QR code)")
    @corebank.web.Throttled
    @corebank.web.BodyRefusals
    Enrollment.TotpSetup enroll(@Valid @Body EnrollmentRequest body, HttpRequest<?> request) {
        throttled(request, AuditAction.IDENTITY_MFA_ENROLL);
        return enrollment.begin(body.enrollmentToken(), chars(body.password()), Origins.of(request, CHANNEL));
    }

    @Post("/enrollment/confirm")
    @io.swagger.v3.oas.annotations.security.SecurityRequirement(name = "") // anonymous: security [{}]
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Operation(summary = "Confirm the TOTP secret with a first code; answers the recovery codes, shown this once")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: enrollment_not_started",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.Throttled
    @corebank.web.BodyRefusals
    RecoveryCodesResponse confirmEnrollment(@Valid @Body EnrollmentConfirmRequest body, HttpRequest<?> request) {
        throttled(request, AuditAction.IDENTITY_MFA_ENROLL);
        return recoveryCodes(enrollment.confirm(body.enrollmentToken(), body.code(), Origins.of(request, CHANNEL)));
    }

    @Post("/mfa/re-enrollment")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Operation(summary = "Replace the TOTP secret, proving the current second factor")
    @corebank.web.BodyRefusals
    Enrollment.TotpSetup reenroll(@Body ProofRequest body, HttpRequest<?> request) {
        return enrollment.beginReenrollment(Origins.userId(Origins.authentication(request)), body.code(), body.recoveryCode(),
                Origins.of(request, CHANNEL));
    }

    @Post("/mfa/re-enrollment/confirm")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Operation(summary = "Confirm the new TOTP secret; answers new recovery codes (the old ones stop working)")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: enrollment_not_started",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.BodyRefusals
    RecoveryCodesResponse confirmReenrollment(@Body CodeRequest body, HttpRequest<?> request) {
        return recoveryCodes(enrollment.confirmReenrollment(Origins.userId(Origins.authentication(request)), body.code(),
                Origins.of(request, CHANNEL)));
    }

    @Post("/password")
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.NO_CONTENT)
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Operation(summary = "Change the password: needs the current one and a second factor; ends the user's other sessions")
    @corebank.web.BodyRefusals
    HttpResponse<Void> changePassword(@Body PasswordChangeRequest body, HttpRequest<?> request) {
        Authentication auth = Origins.authentication(request);
        passwordChange.change(Origins.userId(auth), Origins.sessionId(auth), chars(body.currentPassword()),
                chars(body.newPassword()), body.code(), body.recoveryCode(), Origins.of(request, CHANNEL));
        return HttpResponse.noContent();
    }

    private HttpResponse<SessionResponse> session(HttpRequest<?> request, SessionTokens t) {
        List<String> roles = t.user().roles().stream().map(Enum::name).sorted().toList();
        if (wantsCookies(request)) {
            MutableHttpResponse<SessionResponse> response = HttpResponse.ok(new SessionResponse(null, null,
                    t.accessTokenSeconds(), null, t.csrfToken(), t.idleExpiresAt(), t.absoluteExpiresAt(),
                    t.user().username(), roles));
            SessionCookies.set(response, t, clock.instant());
            return response;
        }
        return HttpResponse.ok(new SessionResponse(t.accessToken(), "Bearer", t.accessTokenSeconds(), t.refreshToken(),
                t.csrfToken(), t.idleExpiresAt(), t.absoluteExpiresAt(), t.user().username(), roles));
    }

    private static boolean wantsCookies(HttpRequest<?> request) {
        return "cookie".equalsIgnoreCase(request.getHeaders().get(SessionCookies.MODE_HEADER));
    }

    private static RecoveryCodesResponse recoveryCodes(List<String> codes) {
        return new RecoveryCodesResponse(codes, "Store these codes somewhere safe: each works once, and they are never shown again.");
    }

    private void throttled(HttpRequest<?> request, AuditAction action) {
        try {
            throttle.check(request);
        } catch (LoginThrottle.Throttled e) {
            AuditContext context = Origins.of(request, CHANNEL);
            auditLog.appendAlone(AuditEvent.failure(clock.instant(), context, action, ErrorCode.TOO_MANY_REQUESTS, "CLIENT",
                        context.clientAddress(), null));
            throw e;
        }
    }

    private static char[] chars(String s) {
        return s == null ? new char[0] : s.toCharArray();
    }
}
