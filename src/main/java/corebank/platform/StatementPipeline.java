package corebank.platform;

import org.jooq.DSLContext;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.UUID;

import java.util.ArrayList;
import java.util.List;

/**
 * Write statements sent to PostgreSQL together, in one round trip instead of one each (the
 * driver sends every statement of a multi-statement string before it waits for an answer).
 * They run in the order they were added, in the caller's transaction; the first that fails
 * fails the call, and with it the transaction. For statements whose results nobody reads.
 */
public final class StatementPipeline {

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> binds = new ArrayList<>();

    /** Adds one statement with its {@code ?} parameters (which must not appear in its text otherwise). */
    public StatementPipeline add(String statement, Object... values) {
        if (!sql.isEmpty()) {
            sql.append(";\n");
        }
        sql.append(statement.strip());
        binds.addAll(List.of(values));
        return this;
    }

    public boolean isEmpty() {
        return sql.isEmpty();
    }

    /**
     * Runs the statements on the context's connection with plain JDBC: the driver encodes the
     * array parameters itself (binary for numbers), which costs the one writer thread, on the
     * critical path of every batch, a fraction of what rendering them through jOOQ did.
     */
    public void execute(DSLContext context) {
        if (isEmpty()) {
            return;
        }
        context.connection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < binds.size(); i++) {
                    bind(statement, i + 1, binds.get(i));
                }
                statement.execute();
            }
        });
    }

    /** UUIDs and timestamps travel as text, which the statements cast ({@code ?::uuid[]}). */
    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value instanceof UUID[] uuids) {
            statement.setObject(index, Arrays.stream(uuids).map(u -> u == null ? null : u.toString()).toArray(String[]::new));
        } else if (value instanceof Timestamp[] times) {
            statement.setObject(index, Arrays.stream(times).map(t -> t == null ? null : t.toInstant().toString()).toArray(String[]::new));
        } else {
            statement.setObject(index, value);
        }
    }
}
