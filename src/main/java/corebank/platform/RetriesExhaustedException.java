package corebank.platform;

/** A serializable transaction kept losing conflicts; nothing of it was committed. */
public class RetriesExhaustedException extends CorebankException {
    public RetriesExhaustedException(String name, int attempts) {
        super(ErrorCode.CONTENTION,
                "The ledger is too busy to complete '" + name + "' after " + attempts + " attempts; nothing was written. Retry with the same Idempotency-Key.");
    }
}
