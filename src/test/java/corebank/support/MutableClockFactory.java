package corebank.support;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;

/** With {@code corebank.test.clock=mutable}, the engine's clock is a {@link MutableClock}. */
@Factory
@Requires(property = "corebank.test.clock", value = "mutable")
public class MutableClockFactory {

    @Singleton
    @Replaces(Clock.class)
    MutableClock clock() {
        // microseconds, as PostgreSQL stores them: no instant changes on its way through the database
        return new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }
}
