package corebank.web;

import corebank.audit.AuditAction;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.identity.session.AccessTokenIssuer;
import corebank.identity.IdentityException;
import corebank.identity.session.SessionService;
import corebank.platform.ErrorCode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;

import java.time.Clock;
import java.util.Set;
import java.util.UUID;

/**
 * Runs after Micronaut Security has checked the token's signature, expiry and the route's
 * roles: the token's session must still be live (not logged out, revoked, idle or too old) and
 * belong to the user the token names (its {@code uid} claim), and
 * a request authenticated by cookie that changes anything must carry the session's CSRF token.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class SessionFilter implements Ordered {

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private final SessionService sessions;
    private final AccessTokenIssuer issuer;
    private final AuditLog auditLog;
    private final Clock clock;

    SessionFilter(SessionService sessions, AccessTokenIssuer issuer, AuditLog auditLog, Clock clock) {
        this.sessions = sessions;
        this.issuer = issuer;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    HttpResponse<?> admitSession(HttpRequest<?> request) {
        Authentication auth = request.getUserPrincipal(Authentication.class).orElse(null);
        if (auth == null || auth.getAttributes().get(AccessTokenIssuer.SESSION_CLAIM) == null) {
            return null;
        }
        UUID sessionId;
        UUID userId;
        try {
            sessionId = Origins.sessionId(auth);
            userId = Origins.userId(auth);
        } catch (IllegalArgumentException e) {
            return refuse(request, IdentityException.unauthenticated("the session has ended (idle, expired or logged out); log in again"),
                    ErrorCode.SESSION_ENDED);
        }
        // the token's user must be the session's: a token naming bob with alice's session id is refused
        if (!sessions.admit(sessionId, userId)) {
            return refuse(request, IdentityException.unauthenticated("the session has ended (idle, expired or logged out); log in again"),
                    ErrorCode.SESSION_ENDED);
        }
        boolean byCookie = request.getHeaders().get(HttpHeaders.AUTHORIZATION) == null
                && request.getCookies().contains(SessionCookies.ACCESS);
        if (byCookie && !SAFE.contains(request.getMethod())
                && !issuer.csrfTokenMatches(sessionId, request.getHeaders().get(SessionCookies.CSRF_HEADER))) {
            return refuse(request, new IdentityException(ErrorCode.CSRF_TOKEN_INVALID,
                    "a cookie-authenticated request that changes state needs the X-CSRF-Token header", SessionCookies.CSRF_HEADER),
                    ErrorCode.CSRF_TOKEN_INVALID);
        }
        return null;
    }

    private HttpResponse<?> refuse(HttpRequest<?> request, IdentityException e, ErrorCode reason) {
        var context = Origins.of(request, "http");
        auditLog.appendAlone(AuditEvent.failure(clock.instant(), context, AuditAction.SECURITY_REQUEST_REFUSED, reason, "ROUTE",
                    EdgeRefusals.route(request), null));
        return Problems.of(request, e);
    }
}
