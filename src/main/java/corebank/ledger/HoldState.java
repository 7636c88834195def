package corebank.ledger;

import java.time.Instant;
import java.util.UUID;

/** A hold being created or resolved inside one batch. */
final class HoldState {
    final UUID id;
    final long debitAccountId;
    final long creditAccountId;
    final String currency;
    final long amountMinor;
    final Instant expiresAt;
    final String description;
    /** The kind of the entry that posting this hold records (HOLD_POSTED unless the placer said otherwise). */
    final EntryKind postsAs;
    final boolean isNew;
    HoldStatus status;
    Long postedAmountMinor;
    UUID entryId;
    Instant resolvedAt;
    boolean dirty;

    HoldState(UUID id, long debitAccountId, long creditAccountId, String currency, long amountMinor, Instant expiresAt,
              String description, EntryKind postsAs, HoldStatus status, boolean isNew) {
        this.id = id;
        this.debitAccountId = debitAccountId;
        this.creditAccountId = creditAccountId;
        this.currency = currency;
        this.amountMinor = amountMinor;
        this.expiresAt = expiresAt;
        this.description = description;
        this.postsAs = postsAs;
        this.status = status;
        this.isNew = isNew;
    }

    void resolve(HoldStatus next, Instant at) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("hold " + id + " cannot move from " + status + " to " + next);
        }
        status = next;
        resolvedAt = at;
        dirty = true;
    }
}
