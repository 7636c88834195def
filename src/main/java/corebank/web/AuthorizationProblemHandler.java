package corebank.web;

import corebank.audit.AuditAction;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.platform.ErrorCode;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * Micronaut Security's refusals (no or bad token: 401; wrong role: 403) as problem+json, each
 * audited with the route and who asked.
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class AuthorizationProblemHandler implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    private final AuditLog auditLog;
    private final Clock clock;

    AuthorizationProblemHandler(AuditLog auditLog, Clock clock) {
        this.auditLog = auditLog;
        this.clock = clock;
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        boolean forbidden = exception.isForbidden();
        ErrorCode code = forbidden ? ErrorCode.FORBIDDEN : ErrorCode.UNAUTHENTICATED;
        var context = Origins.of(request, "http");
        auditLog.appendAlone(AuditEvent.failure(clock.instant(), context, AuditAction.SECURITY_ACCESS_DENIED, code, "ROUTE",
                    EdgeRefusals.route(request), null));
        return Problems.of(request, forbidden ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED, code,
                forbidden ? "your role may not use this route" : "authentication is required: log in with a password and a second factor",
                null);
    }
}
