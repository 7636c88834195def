package corebank.ledger;

import corebank.platform.ErrorCode;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a journal entry records. The same list is a CHECK constraint on journal_entries.kind
 * (db/changes/001-ledger.sql, redefined by later change sets): a kind added here needs a change set there.
 */
public enum EntryKind {
    /** Money moved between two accounts at once. */
    TRANSFER,
    /** A hold's reservation turned into postings. */
    HOLD_POSTED,
    /** The mirror of an earlier entry; points back at it. */
    REVERSAL,
    /** Allowed by the schema for migrated opening balances; the engine itself writes none. */
    OPENING_BALANCE,
    /** Cash paid in at a teller's till, credited to a customer's account (corebank.cash). */
    CASH_DEPOSIT,
    /** Cash paid out at a teller's till, debited to a customer's account. */
    CASH_WITHDRAWAL,
    /** Cash moved between the vault and a till. */
    TILL_TRANSFER,
    /** A counted till difference posted to the over/short account after a supervisor's approval. */
    TILL_DIFFERENCE;

    private static final String NAMES = Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));

    /** The kind a client named, refused with {@code validation_failed} on {@code field} if there is none. */
    public static EntryKind parse(String text, String field) {
        for (EntryKind kind : values()) {
            if (kind.name().equals(text)) {
                return kind;
            }
        }
        throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED, field + " is one of " + NAMES, field);
    }
}
