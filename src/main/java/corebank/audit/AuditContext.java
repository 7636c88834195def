package corebank.audit;

/**
 * Who acts and from where, carried from the HTTP edge into every audited action.
 *
 * @param actor         stable id of the acting principal ("teller:alice", "system:hold-expiry")
 * @param actorRole     the role the actor acted in
 * @param requestId     the request id returned to the client in X-Request-Id
 * @param channel       teller-api, customer-web, auditor-api, system
 * @param clientAddress the client's IP address as seen by the engine
 * @param userAgent     the client's User-Agent, truncated
 */
public record AuditContext(String actor, String actorRole, String requestId, String channel,
                           String clientAddress, String userAgent) {

    public static AuditContext system(String job) {
        return new AuditContext("system:" + job, "SYSTEM", null, "system", null, null);
    }
}
