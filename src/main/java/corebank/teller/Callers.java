package corebank.teller;

import corebank.audit.AuditContext;
import corebank.ledger.IdempotencyRef;
import corebank.platform.RequestIds;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;

/**
 * Who is calling the teller API. Until the identity issue puts authentication in front of it,
 * the engine listens on loopback only and every caller is the single loopback teller.
 */
final class Callers {

    static final String LOOPBACK_TELLER = "teller:loopback";

    private Callers() {
    }

    static AuditContext context(HttpRequest<?> request) {
        return new AuditContext(LOOPBACK_TELLER, "TELLER", RequestIds.of(request), "teller-api",
                request.getRemoteAddress().getAddress().getHostAddress(),
                request.getHeaders().get(HttpHeaders.USER_AGENT));
    }

    static IdempotencyRef idempotency(HttpRequest<?> request, String key) {
        return IdempotencyRef.of(LOOPBACK_TELLER, key);
    }
}
