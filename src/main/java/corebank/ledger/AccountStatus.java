package corebank.ledger;

/** ACTIVE -> FROZEN -> ACTIVE, and ACTIVE | FROZEN -> CLOSED (only when empty; final). */
public enum AccountStatus {
    ACTIVE, FROZEN, CLOSED;

    public boolean canMoveTo(AccountStatus next) {
        return switch (this) {
            case ACTIVE -> next == FROZEN || next == CLOSED;
            case FROZEN -> next == ACTIVE || next == CLOSED;
            case CLOSED -> false;
        };
    }
}
