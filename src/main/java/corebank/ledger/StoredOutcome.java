package corebank.ledger;

/** An outcome kept under an Idempotency-Key, with the hash of the request that produced it. */
record StoredOutcome(String requestHash, Outcome outcome) {
}
