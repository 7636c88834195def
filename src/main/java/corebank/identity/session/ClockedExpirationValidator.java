package corebank.identity.session;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;

/**
 * Refuses an access token at or after its expiry by the engine's clock (Micronaut's own
 * expiration validator is switched off in application.yml because it reads the system clock).
 * A token without an expiry is refused too.
 */
@Singleton
public class ClockedExpirationValidator implements GenericJwtClaimsValidator<HttpRequest<?>> {

    private final Clock clock;

    ClockedExpirationValidator(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean validate(Claims claims, HttpRequest<?> request) {
        Object exp = claims.get(Claims.EXPIRATION_TIME);
        Instant expiresAt;
        if (exp instanceof Date date) {
            expiresAt = date.toInstant();
        } else if (exp instanceof Number seconds) {
            expiresAt = Instant.ofEpochSecond(seconds.longValue());
        } else if (exp instanceof Instant instant) {
            expiresAt = instant;
        } else {
            return false;
        }
        return clock.instant().isBefore(expiresAt);
    }
}
