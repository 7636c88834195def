package corebank.web;

import corebank.identity.session.SessionTokens;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;

import java.time.Duration;
import java.time.Instant;

/**
 * Cookies of the web app's session: HttpOnly, Secure, SameSite=Strict and the __Host- prefix
 * (no Domain, Path=/), so no script reads them and no other site or subdomain sends or sets
 * them. Unsafe requests made with them also need the session's CSRF token in a header.
 */
public final class SessionCookies {

    public static final String ACCESS = "__Host-cb-access";
    public static final String REFRESH = "__Host-cb-refresh";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** Clients that want cookies instead of tokens in the body say so with this header. */
    public static final String MODE_HEADER = "X-Session-Mode";

    private SessionCookies() {
    }

    public static void set(MutableHttpResponse<?> response, SessionTokens tokens, Instant now) {
        response.cookie(cookie(ACCESS, tokens.accessToken(), Duration.ofSeconds(tokens.accessTokenSeconds())));
        response.cookie(cookie(REFRESH, tokens.refreshToken(), Duration.between(now, tokens.absoluteExpiresAt())));
    }

    public static void clear(MutableHttpResponse<?> response) {
        response.cookie(cookie(ACCESS, "", Duration.ZERO));
        response.cookie(cookie(REFRESH, "", Duration.ZERO));
    }

    private static Cookie cookie(String name, String value, Duration maxAge) {
        return Cookie.of(name, value).httpOnly(true).secure(true).sameSite(SameSite.Strict).path("/").maxAge(maxAge);
    }
}
