package corebank.cash;

/**
 * What one cash transaction answers: its value, or the refusal it audited. A refusal is returned
 * rather than thrown inside the transaction, so the transaction commits its audit events (and the
 * ledger's stored outcome) and the caller throws afterwards.
 */
record Attempt<T>(T value, CashException refusal) {

    static <T> Attempt<T> of(T value) {
        return new Attempt<>(value, null);
    }

    static <T> Attempt<T> refused(CashException refusal) {
        return new Attempt<>(null, refusal);
    }

    T orThrow() {
        if (refusal != null) {
            throw refusal;
        }
        return value;
    }
}
