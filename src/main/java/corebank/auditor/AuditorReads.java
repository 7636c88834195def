package corebank.auditor;

import corebank.audit.AuditAction;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.web.Origins;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Map;

/**
 * Reading the audit trail is itself audited, in its own transaction: who read, through which
 * route (the action's read target) and with which query (the filters, cut to 500 characters).
 */
@Singleton
class AuditorReads {

    private final AuditLog auditLog;
    private final Clock clock;

    AuditorReads(AuditLog auditLog, Clock clock) {
        this.auditLog = auditLog;
        this.clock = clock;
    }

    void record(HttpRequest<?> request, AuditAction action) {
        String query = request.getUri().getRawQuery();
        auditLog.appendAlone(AuditEvent.success(clock.instant(), Origins.of(request, AuditorController.CHANNEL), action, "AUDIT",
                action.readTarget(), query == null ? null : Map.of("query", query.length() > 500 ? query.substring(0, 500) : query)));
    }
}
