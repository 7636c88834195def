package corebank.support;

import java.util.HashMap;
import java.util.Map;

/**
 * The ledger's accounts write path ({@code corebank.ledger.write-locks=accounts}, 4 writers per
 * instance), for the tests that run every assertion of a table-lock test again with it.
 */
public final class AccountsWritePath {

    private AccountsWritePath() {
    }

    /** {@code properties} with the accounts write path on top. */
    public static Map<String, String> on(Map<String, String> properties) {
        Map<String, String> with = new HashMap<>(properties);
        with.put("corebank.ledger.write-locks", "accounts");
        with.put("corebank.ledger.writers", "4");
        return with;
    }
}
