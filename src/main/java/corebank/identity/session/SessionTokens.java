package corebank.identity.session;

import corebank.identity.user.User;
import java.time.Instant;
import java.util.UUID;

/**
 * What a successful login or refresh hands out. The refresh token is shown once and stored
 * only hashed; the CSRF token is bound to the session (HMAC of its id).
 */
public record SessionTokens(String accessToken, int accessTokenSeconds, String refreshToken, UUID sessionId,
                            String csrfToken, Instant idleExpiresAt, Instant absoluteExpiresAt, User user) {
}
