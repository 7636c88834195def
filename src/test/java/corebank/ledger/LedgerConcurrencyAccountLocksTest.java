package corebank.ledger;

import corebank.support.AccountsWritePath;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

import java.util.Map;

/**
 * LedgerConcurrencyTest, every assertion of it, with the ledger's {@code accounts} write path
 * ({@code corebank.ledger.write-locks=accounts}, 4 writers per instance): batches over
 * disjoint accounts overlap, on one instance and across instances.
 */
@MicronautTest
class LedgerConcurrencyAccountLocksTest extends LedgerConcurrencyTest {

    @Override
    public Map<String, String> extraProperties() {
        return AccountsWritePath.on(super.extraProperties());
    }
}
