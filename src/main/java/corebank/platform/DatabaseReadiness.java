package corebank.platform;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;

/**
 * Readiness ({@code GET /health/readiness}): DOWN while the database does not answer, so a load
 * balancer sends no request this instance could only refuse. (Micronaut's own readiness
 * indicator reports DOWN once a graceful shutdown has begun.)
 */
@Singleton
@Readiness
public class DatabaseReadiness extends AbstractHealthIndicator<String> {

    private final TransactionRunner runner;

    public DatabaseReadiness(TransactionRunner runner) {
        this.runner = runner;
    }

    @Override
    protected String getHealthInformation() {
        try {
            runner.readStatement(sql -> sql.fetchValue("SELECT 1"));
            healthStatus = HealthStatus.UP;
            return "reachable";
        } catch (RuntimeException e) {
            healthStatus = HealthStatus.DOWN;
            return "unreachable";
        }
    }

    @Override
    public String getName() {
        return "database";
    }
}
