package corebank.ledger;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The locks of a ledger batch in the {@code accounts} write path ({@code corebank.ledger.write-locks};
 * architecture.md, "A write path that is not one lock wide"): one advisory lock per account
 * number the batch touches, so that batches over disjoint accounts run, and flush their commits,
 * at the same time, on one instance or several.
 *
 * <p>The locks must be granted before the batch's SERIALIZABLE snapshot is taken, or the batch
 * would read balances a batch committed while it waited, and fail with 40001. A function call
 * takes a snapshot, so they are taken in two steps: {@link #beforeBegin()} takes them at session
 * level, outside any transaction (in ascending key order: two batches can never wait for each
 * other in a circle); then {@link #opening()} (the first statements of the transaction, which take
 * no snapshot until the last two) takes {@code ROW EXCLUSIVE} on accounts (so a table-locked batch,
 * {@link LedgerStore#BATCH_LOCK}, still runs alone), takes the same keys again at transaction
 * level (granted at once: the session holds them) and drops the session-level ones. From then on
 * the locks end with the transaction, at COMMIT (after its WAL is flushed) or at a rollback, also
 * when PostgreSQL ends a frozen instance's idle transaction.
 */
final class AccountLocks {

    /** High 32 bits of every key ("LD"), apart from the other advisory locks (sequencer, purge), which are 32-bit. */
    private static final long NAMESPACE = 0x4C44L << 32;

    /**
     * A batch of more commands than this takes the table lock instead: it touches so many index
     * pages that two such batches side by side nearly always conflict under SERIALIZABLE and one
     * is retried, while alone it already spreads its commit over many transfers.
     */
    static final int COMMANDS_MAX = 64;

    private final long[] keys;

    private AccountLocks(long[] keys) {
        this.keys = keys;
    }

    /**
     * The locks of {@code commands}, or null when one of them names its accounts only through
     * another row (a hold's post, void or expiry; a reversal): that batch takes the table lock.
     */
    static AccountLocks of(List<LedgerCommand> commands) {
        if (commands.size() > COMMANDS_MAX) {
            return null;
        }
        TreeSet<Long> keys = new TreeSet<>();
        for (LedgerCommand c : commands) {
            if (!addKeys(keys, c)) {
                return null;
            }
        }
        return new AccountLocks(keys.stream().mapToLong(Long::longValue).toArray());
    }

    /** The keys of one command, or null if it names its accounts only through another row. */
    static Set<Long> keysOf(LedgerCommand command) {
        Set<Long> keys = new TreeSet<>();
        return addKeys(keys, command) ? keys : null;
    }

    private static boolean addKeys(Set<Long> keys, LedgerCommand c) {
        if (c instanceof LedgerCommand.Transfer t) {
            add(keys, t.movement());
        } else if (c instanceof LedgerCommand.LinkedTransfers l) {
            l.transfers().forEach(t -> add(keys, t.movement()));
        } else if (c instanceof LedgerCommand.PlaceHold h) {
            add(keys, h.movement());
        } else {
            return false;
        }
        return true;
    }

    private static void add(Set<Long> keys, Movement m) {
        keys.add(key(m.debitAccount().value()));
        keys.add(key(m.creditAccount().value()));
    }

    /** The key of an account number: stable across JVMs (String.hashCode is specified); a collision only over-locks. */
    static long key(String accountNumber) {
        return NAMESPACE | (accountNumber.hashCode() & 0xFFFF_FFFFL);
    }

    int size() {
        return keys.length;
    }

    /**
     * Autocommit, before BEGIN: the session-level locks, in ascending order (a function scan returns
     * the array in order). First the session's idle timeout is set to its idle-in-transaction one:
     * should the instance stop between this and BEGIN, PostgreSQL ends the idle session, and with it
     * these locks, as it ends an idle transaction. {@link #opening()} turns it off again.
     */
    String beforeBegin() {
        return "SELECT set_config('idle_session_timeout', current_setting('idle_in_transaction_session_timeout'), false);\n"
                + "SELECT count(pg_advisory_lock(k)) FROM unnest('" + array() + "'::bigint[]) AS k";
    }

    /** The transaction's first statements (after its isolation level). */
    String opening() {
        return "RESET idle_session_timeout;\n"
                + "LOCK TABLE accounts IN ROW EXCLUSIVE MODE;\n"
                + "SET LOCAL enable_seqscan = off;\n"
                + "SELECT count(pg_advisory_xact_lock(k)) FROM unnest('" + array() + "'::bigint[]) AS k;\n"
                + "SELECT count(pg_advisory_unlock(k)) FROM unnest('" + array() + "'::bigint[]) AS k";
    }

    private String array() {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < keys.length; i++) {
            s.append(i == 0 ? "" : ",").append(keys[i]);
        }
        return s.append('}').toString();
    }
}
