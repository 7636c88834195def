package corebank.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;

import java.util.HashMap;
import java.util.Map;

/** Points a {@code @MicronautTest} (with {@code @TestInstance(PER_CLASS)}) at the test database. */
public interface DatabaseTest extends TestPropertyProvider {

    @Override
    default Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestDatabase.micronautProperties());
        properties.putAll(TestKeys.PROPERTIES);
        // Every engine under test runs on a clock the test can move (MutableClockFactory).
        properties.put("corebank.test.clock", "mutable");
        properties.putAll(extraProperties());
        return properties;
    }

    default Map<String, String> extraProperties() {
        return Map.of();
    }

    /** Another engine instance on the same database, on a free port, with {@code overrides}; the caller closes it. */
    default EmbeddedServer startAnotherInstance(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>(getProperties());
        properties.put("micronaut.server.port", -1);
        properties.putAll(overrides);
        return ApplicationContext.run(EmbeddedServer.class, properties);
    }
}
