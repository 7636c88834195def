package corebank.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The database's replication as the engine's own connection sees it: how many standbys stream
 * from the primary, and how many of them are synchronous ({@code pg_stat_replication.sync_state}
 * {@code sync} or {@code quorum}), so an operator sees a primary left without a synchronous
 * standby, e.g. pg_auto_failover's {@code wait_primary} after a failover, where a second failure
 * could lose acknowledged transfers.
 *
 * <p>One cheap read-only statement every {@code corebank.database.replication.check-interval}, on
 * every instance (nothing is written, so several instances do not interfere); the metrics and
 * {@link ReplicationHealth} read the last result. The runtime role needs {@code pg_read_all_stats}
 * to see {@code sync_state} (changeset 016, or the DBA): without it the state is unknown, never a
 * false 0.
 */
@Singleton
public class ReplicationState {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationState.class);

    static final String QUERY = """
            SELECT pg_is_in_recovery() AS in_recovery,
                   pg_has_role('pg_read_all_stats', 'USAGE') AS sees_replication,
                   current_setting('synchronous_standby_names') AS synchronous_standby_names,
                   (SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming') AS standbys,
                   (SELECT count(*) FROM pg_stat_replication WHERE sync_state IN ('sync', 'quorum')) AS synchronous
            """;

    /**
     * One reading. {@code known} is false before the first check, when the check failed, or when
     * the runtime role may not see the standbys' state; the counts mean nothing then.
     */
    public record Snapshot(boolean known, String reason, boolean inRecovery, long standbys, long synchronousStandbys,
                           String synchronousStandbyNames, Instant checkedAt) {

        static Snapshot unknown(String reason, Instant at) {
            return new Snapshot(false, reason, false, 0, 0, "", at);
        }

        public boolean synchronous() {
            return known && synchronousStandbys > 0;
        }
    }

    private final TransactionRunner runner;
    private final Clock clock;
    private final long staleAfterNanos;
    private volatile Snapshot current;
    private volatile long checkedNanos;

    ReplicationState(TransactionRunner runner, Clock clock, ReplicationSettings settings, MeterRegistry meters) {
        this.runner = runner;
        this.clock = clock;
        this.staleAfterNanos = settings.checkInterval().multipliedBy(3).toNanos();
        this.current = Snapshot.unknown("not checked yet", clock.instant());
        this.checkedNanos = System.nanoTime();
        Gauge.builder("corebank.database.sync.standbys", this, s -> s.gauge(true))
                .description("synchronous standbys streaming from the primary (NaN: unknown)").register(meters);
        Gauge.builder("corebank.database.standbys", this, s -> s.gauge(false))
                .description("standbys streaming from the primary, synchronous or not (NaN: unknown)").register(meters);
    }

    @Scheduled(fixedDelay = "${corebank.database.replication.check-interval}")
    void scheduled() {
        refresh();
    }

    /** Reads the state now; a failure makes it unknown (the database may be down or failing over). */
    public Snapshot refresh() {
        Snapshot previous = current;
        Snapshot next;
        try {
            next = runner.readStatement(sql -> read(sql.fetchOne(QUERY)));
        } catch (RuntimeException e) {
            next = Snapshot.unknown("the check failed: " + e.getClass().getSimpleName(), clock.instant());
        }
        current = next;
        checkedNanos = System.nanoTime();
        if (previous.synchronous() != next.synchronous() || previous.known() != next.known()
                || !Objects.equals(previous.reason(), next.reason())) {
            LOG.info("database replication: {} synchronous standby(s), {} streaming{}", next.known() ? next.synchronousStandbys() : "?",
                    next.known() ? next.standbys() : "?", next.known() ? "" : " (" + next.reason() + ")");
        }
        return next;
    }

    /** The last reading; unknown when it is older than three check intervals (the check is stuck or not running). */
    public Snapshot current() {
        Snapshot s = current;
        if (s.known() && System.nanoTime() - checkedNanos > staleAfterNanos) {
            return Snapshot.unknown("no check completed since " + s.checkedAt() + " (the database may be unreachable)", s.checkedAt());
        }
        return s;
    }

    private Snapshot read(Record row) {
        Instant now = clock.instant();
        if (row.get("in_recovery", Boolean.class)) {
            return Snapshot.unknown("connected to a standby, not the primary", now);
        }
        if (!row.get("sees_replication", Boolean.class)) {
            return Snapshot.unknown("the runtime role lacks pg_read_all_stats", now);
        }
        return new Snapshot(true, "", false, row.get("standbys", Long.class), row.get("synchronous", Long.class),
                row.get("synchronous_standby_names", String.class), now);
    }

    private double gauge(boolean synchronousOnly) {
        Snapshot s = current();
        if (!s.known()) {
            return Double.NaN;
        }
        return synchronousOnly ? s.synchronousStandbys() : s.standbys();
    }
}
