package corebank.platform;

import org.jooq.DSLContext;

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

    public void execute(DSLContext context) {
        if (!isEmpty()) {
            context.execute(sql.toString(), binds.toArray());
        }
    }
}
