package corebank.teller;

import corebank.audit.AuditContext;
import corebank.ledger.IdempotencyRef;
import corebank.web.Origins;
import io.micronaut.http.HttpRequest;

/** The teller acting: every act names them, and their idempotency keys are theirs alone. */
final class Callers {

    static final String CHANNEL = "teller-api";

    private Callers() {
    }

    static AuditContext context(HttpRequest<?> request) {
        return Origins.of(request, CHANNEL);
    }

    static IdempotencyRef idempotency(HttpRequest<?> request, String key) {
        return IdempotencyRef.of(context(request).actor(), key);
    }
}
