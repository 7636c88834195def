package corebank.platform;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code replication} entry of {@code GET /health}: the last {@link ReplicationState} reading
 * as details, and {@code DEGRADED} when {@code corebank.database.replication.synchronous-standby-required}
 * is set and the primary has no synchronous standby (or the state is unknown). Not a readiness
 * check: a primary without a standby still serves, and a single-node bank is legitimate.
 */
@Singleton
public class ReplicationHealth extends AbstractHealthIndicator<Map<String, Object>> {

    /** Operational but short of what was asked for; ranks between UP and DOWN in {@code /health}. */
    public static final HealthStatus DEGRADED = new HealthStatus("DEGRADED",
            "no synchronous standby although one is required", null, 500);

    private final ReplicationState state;
    private final ReplicationSettings settings;

    public ReplicationHealth(ReplicationState state, ReplicationSettings settings) {
        this.state = state;
        this.settings = settings;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        ReplicationState.Snapshot s = state.current();
        healthStatus = settings.synchronousStandbyRequired() && !s.synchronous() ? DEGRADED : HealthStatus.UP;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("synchronousStandbyRequired", settings.synchronousStandbyRequired());
        details.put("known", s.known());
        if (s.known()) {
            details.put("synchronousStandbys", s.synchronousStandbys());
            details.put("standbys", s.standbys());
            details.put("synchronousStandbyNames", s.synchronousStandbyNames());
        } else {
            details.put("reason", s.reason());
        }
        details.put("checkedAt", s.checkedAt().toString());
        return details;
    }

    @Override
    public String getName() {
        return "replication";
    }
}
