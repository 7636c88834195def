package corebank.web;

import corebank.audit.AuditContext;
import corebank.identity.session.AccessTokenIssuer;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;

import java.util.Optional;
import java.util.UUID;

/** Who is calling and from where, for the audit trail and for object-level checks. */
public final class Origins {

    /** Request attribute: the client's address as ClientAddressFilter decided it (trusted proxies). */
    static final String CLIENT_ADDRESS = "corebank.clientAddress";

    private Origins() {
    }

    /** The audit context of an authenticated (or anonymous) request on the given channel. */
    public static AuditContext of(HttpRequest<?> request, String channel) {
        Optional<Authentication> auth = request.getUserPrincipal(Authentication.class);
        String actor = auth.map(a -> "user:" + a.getName()).orElse("anonymous");
        String role = auth.map(Origins::primaryRole).orElse(null);
        String address = clientAddress(request);
        String userAgent = request.getHeaders().get(HttpHeaders.USER_AGENT);
        return new AuditContext(actor, role, RequestIds.of(request), channel, "unknown".equals(address) ? null : address,
                userAgent == null || TextInput.fault(userAgent) == null ? userAgent : "(not recorded: control characters)");
    }

    public static String clientAddress(HttpRequest<?> request) {
        return request.getAttribute(CLIENT_ADDRESS, String.class).orElseGet(() ->
                request.getRemoteAddress() == null || request.getRemoteAddress().getAddress() == null
                        ? "unknown" : request.getRemoteAddress().getAddress().getHostAddress());
    }

    public static Authentication authentication(HttpRequest<?> request) {
        return request.getUserPrincipal(Authentication.class)
                .orElseThrow(() -> new IllegalStateException("route reached without authentication"));
    }

    public static UUID userId(Authentication authentication) {
        return UUID.fromString(String.valueOf(authentication.getAttributes().get(AccessTokenIssuer.USER_ID_CLAIM)));
    }

    public static UUID sessionId(Authentication authentication) {
        return UUID.fromString(String.valueOf(authentication.getAttributes().get(AccessTokenIssuer.SESSION_CLAIM)));
    }

    /** The owner reference of a customer's accounts, or null for staff. */
    public static String customerRef(Authentication authentication) {
        Object ref = authentication.getAttributes().get(AccessTokenIssuer.CUSTOMER_CLAIM);
        return ref == null ? null : ref.toString();
    }

    private static String primaryRole(Authentication a) {
        for (String r : new String[]{"ADMIN", "SUPERVISOR", "TELLER", "AUDITOR", "CUSTOMER"}) {
            if (a.getRoles().contains(r)) {
                return r;
            }
        }
        return null;
    }
}
