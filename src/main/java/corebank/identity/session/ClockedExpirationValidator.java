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
 * A token without an expiry is refused too, and so is one whose not-before ({@code nbf}) is
 * still ahead (the engine's own tokens carry none or their issue time).
 */
@Singleton
public class ClockedExpirationValidator implements GenericJwtClaimsValidator<HttpRequest<?>> {

    private final Clock clock;

    ClockedExpirationValidator(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean validate(Claims claims, HttpRequest<?> request) {
        Instant expiresAt = instant(claims.get(Claims.EXPIRATION_TIME));
        if (expiresAt == null || !clock.instant().isBefore(expiresAt)) {
            return false;
        }
        Object nbf = claims.get(Claims.NOT_BEFORE);
        if (nbf == null) {
            return true;
        }
        Instant notBefore = instant(nbf);
        return notBefore != null && !clock.instant().isBefore(notBefore);
    }

    private static Instant instant(Object claim) {
        if (claim instanceof Date date) {
            return date.toInstant();
        } else if (claim instanceof Number seconds) {
            return Instant.ofEpochSecond(seconds.longValue());
        } else if (claim instanceof Instant instant) {
            return instant;
        }
        return null;
    }
}
