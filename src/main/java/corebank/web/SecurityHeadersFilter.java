package corebank.web;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Browser-facing headers on every response, pages, assets, API answers and refusals alike.
 * The Content-Security-Policy allows only the engine's own scripts and styles (no inline code,
 * no eval, no framing); nothing is sent as a Referer. Everything is {@code no-store} (account
 * data, and the page itself, so the back button after sign-out shows nothing from the cache)
 * except the web app's static assets, which the browser may keep but must revalidate.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class SecurityHeadersFilter implements Ordered {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    /** Static assets of the web app: no account data in them. */
    public static final String ASSETS_PREFIX = "/app/";

    @Override
    public int getOrder() {
        // wraps every other filter, so refusals by security and the session filter get the headers too
        return ServerFilterPhase.FIRST.before();
    }

    @ResponseFilter
    void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        apply(request, response);
    }

    /**
     * The headers, for answers that bypass the filters too (a request the HTTP decoder refuses,
     * such as a control character in a header value, is answered by ProblemErrorResponseProcessor alone).
     */
    static void apply(HttpRequest<?> request, MutableHttpResponse<?> response) {
        var headers = response.getHeaders();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        boolean asset = request.getPath().startsWith(ASSETS_PREFIX) && response.getStatus().getCode() < 400;
        headers.set("Cache-Control", asset ? "no-cache" : "no-store");
    }
}
