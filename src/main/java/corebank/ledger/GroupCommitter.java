package corebank.ledger;

import corebank.platform.CorebankException;
import corebank.platform.ErrorCode;
import corebank.platform.RetriesExhaustedException;
import corebank.platform.TransactionRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Group commit: concurrent ledger commands are queued and a writer thread takes what has
 * accumulated (up to {@code batchSizeMax}) and applies it in one SERIALIZABLE transaction.
 * With {@code corebank.ledger.write-locks=table} (the default) batches are applied one at a time
 * across all engine instances (LedgerStore.BATCH_LOCK), so one writer per instance is the
 * default: under SERIALIZABLE, two transactions that update the same account row cannot both
 * commit, and large batches over random accounts nearly always share one. With {@code accounts}
 * a batch locks only the accounts it touches (AccountLocks), several writers apply batches over
 * disjoint accounts at the same time, and a writer leaves for later the commands whose accounts
 * another writer of this instance is applying. Should retries still run out (a transaction
 * outside the ledger's batches holding a row), the batch is split.
 * No command waits for a batch to fill: a writer takes whatever is queued the moment it is
 * free, so under light load a batch holds one command and under heavy load many. A client is
 * answered only after the transaction holding its command has committed. A serialization
 * failure re-runs the whole batch (in the transaction runner); any other failure re-runs each
 * command on its own so one poisoned command cannot fail its neighbours.
 */
@Singleton
public class GroupCommitter {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
    /** Re-runs of one batch after another batch committed one of its keys first; then one by one. */
    private static final int KEY_RACES_MAX = 3;

    private record Pending(LedgerCommand command, CompletableFuture<Outcome> result) {
    }

    private final BlockingDeque<Pending> queue;
    /**
     * Accounts write path: the account-lock keys of the batches this instance's writers are
     * applying. A writer leaves a queued command that touches one of them for later (it would
     * only wait for that batch's lock), so that on hot accounts the writers still overlap.
     */
    private final Set<Long> inFlight = new HashSet<>();
    /**
     * Accounts write path: a batch under the table lock (or re-run under it) holds this exclusively,
     * batches under account locks share it. So no writer of this instance ever waits in the database
     * behind another writer of this instance: were the instance stopped, PostgreSQL would end each of
     * its sessions' transactions after the idle timeout at the same time, never one after another.
     */
    private final ReadWriteLock tableTurns = new ReentrantReadWriteLock();
    private final TransactionRunner runner;
    private final BatchApplier applier;
    private final Clock clock;
    private final LedgerSettings settings;
    private final List<Thread> writers = new ArrayList<>();
    private final DistributionSummary batchSizes;
    private final Timer batchDurations;
    private final Counter invariantFailures;
    private final Counter submitTimeouts;
    private volatile boolean running = true;

    GroupCommitter(TransactionRunner runner, BatchApplier applier, Clock clock, LedgerSettings settings, MeterRegistry meters) {
        this.runner = runner;
        this.applier = applier;
        this.clock = clock;
        this.settings = settings;
        this.queue = new LinkedBlockingDeque<>(settings.queueCapacity());
        this.batchSizes = DistributionSummary.builder("corebank.ledger.batch.size")
                .description("ledger commands per committed transaction").register(meters);
        this.batchDurations = Timer.builder("corebank.ledger.batch.duration")
                .description("time from taking a batch off the queue to its commit, retries included").register(meters);
        this.invariantFailures = Counter.builder("corebank.ledger.command.failures")
                .description("commands that failed with an unexpected error (a bug or a database invariant)").register(meters);
        io.micrometer.core.instrument.Gauge.builder("corebank.ledger.queue.depth", queue, BlockingQueue::size)
                .description("commands waiting for the ledger's writer").register(meters);
        this.submitTimeouts = Counter.builder("corebank.ledger.submit.timeouts")
                .description("commands not answered within submit-timeout-millis while being written (503 outcome_unknown)").register(meters);
        for (int i = 0; i < settings.writers(); i++) {
            Thread writer = new Thread(this::writeLoop, "ledger-writer-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    /** Submits a command and waits for its committed outcome. */
    public Outcome submit(LedgerCommand command) {
        Pending pending = new Pending(command, new CompletableFuture<>());
        if (!running) {
            throw shuttingDown();
        }
        if (!queue.offer(pending)) {
            throw new LedgerException(ErrorCode.OVERLOADED,
                    "the ledger's queue is full; nothing was written, retry shortly with the same Idempotency-Key", null);
        }
        try {
            return pending.result().get(settings.submitTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw notAnswered(pending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notAnswered(pending);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * Submits many commands at once (the batch API) and waits for all of them; they share
     * batches with everything else queued. A command the queue cannot take is answered
     * {@code overloaded} on its own.
     */
    public List<Outcome> submitAll(List<LedgerCommand> commands) {
        List<CompletableFuture<Outcome>> results = new ArrayList<>(commands.size());
        List<Pending> pendings = new ArrayList<>(commands.size());
        for (LedgerCommand command : commands) {
            Pending pending = new Pending(command, new CompletableFuture<>());
            pendings.add(pending);
            if (!running) {
                pending.result().complete(Outcome.refused(ErrorCode.UNAVAILABLE, shuttingDown().detail(), null));
            } else if (!queue.offer(pending)) {
                pending.result().complete(Outcome.refused(ErrorCode.OVERLOADED,
                        "the ledger's queue is full; nothing was written for this transfer", null));
            }
            results.add(pending.result());
        }
        List<Outcome> outcomes = new ArrayList<>(commands.size());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.submitTimeoutMillis());
        for (CompletableFuture<Outcome> r : results) {
            try {
                outcomes.add(r.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                LedgerException late = notAnswered(pendings.get(outcomes.size()));
                outcomes.add(Outcome.refused(late.code(), late.detail(), null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw notAnswered(pendings.get(outcomes.size()));
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            }
        }
        return outcomes;
    }

    private static LedgerException shuttingDown() {
        return new LedgerException(ErrorCode.UNAVAILABLE,
                "this engine instance is shutting down; nothing was written, retry with the same Idempotency-Key", null);
    }

    /**
     * A command not answered in time: taken back off the queue if no writer has it yet (then
     * nothing was written), else its batch is under way and its outcome unknown.
     */
    private LedgerException notAnswered(Pending pending) {
        if (queue.remove(pending)) {
            return new LedgerException(ErrorCode.OVERLOADED,
                    "the ledger did not take this request in time; nothing was written, retry shortly with the same Idempotency-Key", null);
        }
        submitTimeouts.increment();
        return new LedgerException(ErrorCode.OUTCOME_UNKNOWN,
                "the ledger did not answer in time and the request may still be written; retry with the same Idempotency-Key"
                        + " (it answers the committed outcome if there is one), never with a new key", null);
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(settings.batchSizeMax());
        Set<Long> claimed = Set.of();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, settings.batchSizeMax() - 1);
                claimed = settings.accountLocks() ? claim(batch) : Set.of();
                if (!batch.isEmpty()) {
                    commit(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("ledger writer failed", e);
                batch.forEach(p -> p.result().completeExceptionally(e));
            } finally {
                batch.clear();
                release(claimed);
                claimed = Set.of();
            }
        }
    }

    /**
     * Keeps in {@code batch} the commands whose accounts no other writer of this instance is
     * applying, puts the others back at the head of the queue in their order, and answers the
     * keys this batch now holds. Only scheduling: the database's account locks are what exclude.
     * A batch left empty waits a moment for the others to finish.
     */
    private Set<Long> claim(List<Pending> batch) throws InterruptedException {
        synchronized (inFlight) {
            Set<Long> mine = new HashSet<>();
            List<Pending> later = new ArrayList<>();
            for (java.util.Iterator<Pending> it = batch.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                Set<Long> keys = AccountLocks.keysOf(p.command());
                if (keys != null && keys.stream().anyMatch(inFlight::contains)) {
                    later.add(p);
                    it.remove();
                } else if (keys != null) {
                    mine.addAll(keys);
                }
            }
            for (int i = later.size() - 1; i >= 0; i--) {
                if (!queue.offerFirst(later.get(i))) {
                    batch.add(later.get(i)); // the queue filled up meanwhile: it waits for the lock instead
                }
            }
            inFlight.addAll(mine);
            if (batch.isEmpty()) {
                inFlight.wait(5);
            }
            return mine;
        }
    }

    private void release(Set<Long> claimed) {
        if (!claimed.isEmpty()) {
            synchronized (inFlight) {
                inFlight.removeAll(claimed);
                inFlight.notifyAll();
            }
        }
    }

    private void commit(List<Pending> batch) {
        commit(batch, KEY_RACES_MAX);
    }

    private void commit(List<Pending> batch, int keyRaces) {
        List<LedgerCommand> commands = batch.stream().map(Pending::command).toList();
        try {
            long started = System.nanoTime();
            AccountLocks locks = settings.accountLocks() ? AccountLocks.of(commands) : null;
            // Read before the batch's locks, on both paths, so that another batch may hold them meanwhile
            // (BatchApplier.apply with readBefore says why that keeps idempotency exact).
            Map<String, StoredOutcome> stored = BatchApplier.idempotencyRefs(commands).isEmpty() ? Map.of()
                    : runner.readStatement(sql -> applier.storedOutcomes(sql, commands));
            List<Outcome> outcomes;
            if (locks == null) {
                Turn turn = settings.accountLocks() ? new Turn(true) : null;
                try {
                    outcomes = runner.serializable("ledger-batch", LedgerStore.BATCH_LOCK, sql -> applier.apply(sql, commands, clock.instant(), stored));
                } finally {
                    if (turn != null) {
                        turn.release();
                    }
                }
            } else {
                // a batch that lost a serialization conflict is re-run under the table lock, alone
                Turn turn = new Turn(false);
                try {
                    outcomes = runner.serializable("ledger-batch", locks.beforeBegin(), locks.opening(), LedgerStore.BATCH_LOCK,
                            turn::exclusive, sql -> applier.apply(sql, commands, clock.instant(), stored));
                } finally {
                    turn.release();
                }
            }
            batchDurations.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            batchSizes.record(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(outcomes.get(i));
            }
        } catch (RetriesExhaustedException e) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(e);
                return;
            }
            // Kept losing to another writer (another engine instance on the same accounts):
            // smaller batches touch fewer accounts and so collide less often.
            int half = batch.size() / 2;
            commit(new ArrayList<>(batch.subList(0, half)));
            commit(new ArrayList<>(batch.subList(half, batch.size())));
        } catch (CorebankException e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
        } catch (RuntimeException e) {
            if (keyRaces > 0 && keyCommittedMeanwhile(e)) {
                // A key was absent when looked up and committed by another batch since (BatchApplier.apply
                // with readBefore): run again, the lookup now finds that outcome and answers it.
                commit(batch, keyRaces - 1);
                return;
            }
            if (batch.size() == 1) {
                invariantFailures.increment();
                LOG.error("ledger command {} failed", batch.get(0).command().getClass().getSimpleName(), e);
                batch.get(0).result().completeExceptionally(e);
                return;
            }
            LOG.warn("batch of {} failed ({}); applying its commands one by one", batch.size(), e.toString());
            for (Pending p : batch) {
                commit(List.of(p));
            }
        }
    }

    /** A writer's hold on {@link #tableTurns}: shared under account locks, exclusive under the table lock. */
    private final class Turn {
        private Lock held;

        Turn(boolean exclusive) {
            held = exclusive ? tableTurns.writeLock() : tableTurns.readLock();
            held.lock();
        }

        /** Before a re-run under the table lock. */
        void exclusive() {
            if (held != tableTurns.writeLock()) {
                held.unlock();
                held = tableTurns.writeLock();
                held.lock();
            }
        }

        void release() {
            held.unlock();
        }
    }

    /**
     * A unique violation of idempotency_keys: another transaction committed one of the batch's keys
     * after the batch looked its keys up. Only a committed key can raise it, so the next lookup finds it.
     */
    private static boolean keyCommittedMeanwhile(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException p && "23505".equals(p.getSQLState())
                    && p.getServerErrorMessage() != null && "idempotency_keys_pkey".equals(p.getServerErrorMessage().getConstraint())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Graceful shutdown (SIGTERM, micronaut.lifecycle.graceful-shutdown, see LedgerDrain): takes
     * no new command, commits everything already queued and answers it; complete when the
     * writers have stopped.
     */
    CompletionStage<?> drain() {
        running = false;
        LOG.info("ledger draining: {} queued commands to commit before stopping", queue.size());
        return CompletableFuture.runAsync(() -> {
            for (Thread writer : writers) {
                try {
                    writer.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
    }

    /** False once a graceful shutdown began: the instance takes no new money movement. */
    public boolean accepting() {
        return running;
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        for (Thread writer : writers) {
            writer.join(5_000);
        }
    }
}
