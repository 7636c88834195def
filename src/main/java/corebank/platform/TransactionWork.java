package corebank.platform;

import org.jooq.DSLContext;

/** Work run inside one database transaction; it may be run more than once (retries). */
@FunctionalInterface
public interface TransactionWork<T> {
    T run(DSLContext sql) throws Exception;
}
