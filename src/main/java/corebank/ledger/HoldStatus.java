package corebank.ledger;

/** PENDING -> POSTED | VOIDED | EXPIRED. The database trigger refuses every other move. */
public enum HoldStatus {
    PENDING, POSTED, VOIDED, EXPIRED
}
