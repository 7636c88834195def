package corebank.web;

import corebank.audit.AuditAction;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import io.micronaut.context.BeanProvider;
import corebank.platform.ErrorCode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Set;

/**
 * Refusals of the HTTP layer itself (a body that is not JSON or too large, a wrong method,
 * media type or Accept): problem+json, audited as {@code security.request.refused} with the
 * code as reason and the route as target, like every other refusal. The route text is cleaned
 * of anything TextInput refuses before it is stored.
 */
@Singleton
public class EdgeRefusals {

    /** The framework-level codes that are audited (validation refusals of a field are not). */
    static final Set<ErrorCode> AUDITED = Set.of(ErrorCode.MALFORMED_REQUEST, ErrorCode.PAYLOAD_TOO_LARGE,
            ErrorCode.METHOD_NOT_ALLOWED, ErrorCode.UNSUPPORTED_MEDIA_TYPE, ErrorCode.NOT_ACCEPTABLE);
    private static final int ROUTE_MAX = 300;

    /** Looked up on first use: the error processor that holds this is built with the HTTP server, before (or without) a database. */
    private final BeanProvider<AuditLog> auditLog;
    private final Clock clock;

    EdgeRefusals(BeanProvider<AuditLog> auditLog, Clock clock) {
        this.auditLog = auditLog;
        this.clock = clock;
    }

    public MutableHttpResponse<ProblemDetail> refuse(HttpRequest<?> request, HttpStatus status, ErrorCode code, String detail,
                                                     String field) {
        audit(request, code);
        return Problems.of(request, status, code, detail, field);
    }

    void audit(HttpRequest<?> request, ErrorCode code) {
        if (!AUDITED.contains(code)) {
            return;
        }
        auditLog.get().appendAlone(AuditEvent.failure(clock.instant(), Origins.of(request, "http"), AuditAction.SECURITY_REQUEST_REFUSED,
                code, "ROUTE", route(request), null));
    }

    /** {@code METHOD /path}, with characters TextInput refuses replaced and at most 300 characters. */
    public static String route(HttpRequest<?> request) {
        StringBuilder route = new StringBuilder(request.getMethodName()).append(' ');
        String path = request.getPath();
        for (int i = 0; i < path.length() && route.length() < ROUTE_MAX; i++) {
            char c = path.charAt(i);
            route.append(TextInput.fault(String.valueOf(c)) == null ? c : '?');
        }
        return route.toString();
    }
}
