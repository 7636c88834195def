package corebank.ledger;

import java.util.UUID;

/** A posting made by a batch, before it is written. */
record NewPosting(UUID entryId, int index, long accountId, Side side, long amountMinor, String currency,
                  long accountSeq, long balanceAfterMinor) {
}
