package corebank.support;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * With {@code corebank.test.faults=true}: real database faults, injected into the engine's own
 * connections, each once, aimed at the next ledger batch (the transaction that takes the batch
 * lock, {@code LOCK TABLE accounts}). The connection is really lost: the backend is terminated
 * with {@code pg_terminate_backend}, so what follows (the rollback, resetting the connection,
 * the pool) meets a dead connection as it would after a crash or a network failure.
 * <ul>
 *   <li>{@link Fault#LOSE_BEFORE_WORK}: right after the batch lock, before the batch's writes;</li>
 *   <li>{@link Fault#LOSE_BEFORE_COMMIT}: when the engine sends COMMIT, before it reaches the server
 *   (nothing is committed);</li>
 *   <li>{@link Fault#LOSE_AFTER_COMMIT}: after the server committed, before the engine hears so;</li>
 *   <li>{@link #freezeNextBatch()}: the writer thread stops while holding the batch lock, as a
 *   paused (SIGSTOP) or partitioned instance would, until released.</li>
 * </ul>
 */
@Singleton
@Requires(property = "corebank.test.faults", value = "true")
public class DatabaseFaults implements BeanCreatedEventListener<DataSource>, io.micronaut.core.order.Ordered {

    public enum Fault { NONE, LOSE_BEFORE_WORK, LOSE_BEFORE_COMMIT, LOSE_AFTER_COMMIT }

    /** A frozen batch: {@code frozen} counts down once the lock is held; count {@code release} down to go on. */
    public record Freeze(CountDownLatch frozen, CountDownLatch release) {
    }

    private static final String BATCH_LOCK = "LOCK TABLE accounts";
    private final AtomicReference<Fault> armed = new AtomicReference<>(Fault.NONE);
    private final AtomicReference<Freeze> freeze = new AtomicReference<>();

    /** The next ledger batch meets this fault (once). */
    public void arm(Fault fault) {
        armed.set(fault);
    }

    public Freeze freezeNextBatch() {
        Freeze f = new Freeze(new CountDownLatch(1), new CountDownLatch(1));
        freeze.set(f);
        return f;
    }

    /** Before Micronaut Data's contextual wrapper, which must wrap this one (it hands out the transaction's connection). */
    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        DataSource target = event.getBean();
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    return result instanceof Connection c ? connection(c) : result;
                });
    }

    private Connection connection(Connection target) {
        boolean[] inBatch = {false};
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "createStatement" -> {
                    Statement statement = (Statement) invoke(target, method, args);
                    return statement(statement, target, inBatch);
                }
                case "commit" -> {
                    if (inBatch[0]) {
                        inBatch[0] = false;
                        Fault fault = armed.get();
                        if (fault == Fault.LOSE_BEFORE_COMMIT && armed.compareAndSet(fault, Fault.NONE)) {
                            terminate(target);
                            target.commit(); // fails: the connection is gone, nothing was committed
                            throw new SQLException("injected: COMMIT did not reach the server", "08006");
                        }
                        if (fault == Fault.LOSE_AFTER_COMMIT && armed.compareAndSet(fault, Fault.NONE)) {
                            target.commit();
                            terminate(target);
                            throw new SQLException("injected: the connection was lost before COMMIT's answer arrived", "08006");
                        }
                    }
                    return invoke(target, method, args);
                }
                default -> {
                    return invoke(target, method, args);
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class}, handler);
    }

    private Statement statement(Statement target, Connection connection, boolean[] inBatch) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result = invoke(target, method, args);
            if (method.getName().equals("execute") && args != null && args[0] instanceof String sql && sql.contains(BATCH_LOCK)) {
                inBatch[0] = true;
                Freeze f = freeze.getAndSet(null);
                if (f != null) {
                    f.frozen().countDown();
                    f.release().await();
                }
                if (armed.compareAndSet(Fault.LOSE_BEFORE_WORK, Fault.NONE)) {
                    terminate(connection);
                }
            }
            return result;
        };
        return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[]{Statement.class}, handler);
    }

    /** Ends the connection's backend from the server side; the connection itself learns it on its next use. */
    private static void terminate(Connection connection) throws SQLException {
        int pid;
        try (Statement s = connection.createStatement(); var rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        }
        try (Connection admin = TestDatabase.connect(); Statement s = admin.createStatement()) {
            s.execute("SELECT pg_terminate_backend(" + pid + ", 5000)");
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
