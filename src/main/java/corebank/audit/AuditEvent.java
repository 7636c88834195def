package corebank.audit;


import corebank.platform.ErrorCode;
import java.time.Instant;
import java.util.Map;

/**
 * One audited fact. Details hold identifiers and amounts, never a password, secret or token.
 *
 * @param outcome SUCCESS or FAILURE
 * @param reason  for a failure, the stable error code
 */
public record AuditEvent(Instant occurredAt, AuditContext context, AuditAction action, String outcome, ErrorCode reason,
                         String targetType, String targetId, Map<String, Object> details) {

    public static final String SUCCESS = "SUCCESS";
    public static final String FAILURE = "FAILURE";

    public static AuditEvent success(Instant at, AuditContext context, AuditAction action, String targetType,
                                     String targetId, Map<String, Object> details) {
        return new AuditEvent(at, context, action, SUCCESS, null, targetType, targetId, details);
    }

    public static AuditEvent failure(Instant at, AuditContext context, AuditAction action, ErrorCode reason,
                                     String targetType, String targetId, Map<String, Object> details) {
        return new AuditEvent(at, context, action, FAILURE, reason, targetType, targetId, details);
    }
}
