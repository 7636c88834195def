package corebank.platform;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The one clock of the engine: UTC, ticking in microseconds because that is what PostgreSQL
 * stores; an instant then compares the same before and after a round trip through the
 * database. Tests replace it with a controllable one.
 */
@Factory
public class ClockFactory {
    @Singleton
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1_000));
    }
}
