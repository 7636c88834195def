package corebank.ledger;

import java.util.UUID;

/** A journal entry made by a batch, before it is written. */
record NewEntry(UUID id, EntryKind kind, String description, UUID reversesEntryId, UUID holdId, String actor,
                String requestId) {
}
