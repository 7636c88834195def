package corebank.ledger;

import java.util.List;
import java.util.UUID;

/** An entry a batch was asked to reverse, with its postings and whether it already was. */
record EntryToReverse(UUID id, EntryKind kind, boolean alreadyReversed, List<Leg> legs) {
    record Leg(long accountId, Side side, long amountMinor, String currency) {
    }
}
