package corebank.ledger;

/**
 * The names a request gives the debit and credit sides of a movement, so that a refusal about
 * a side (not found, insufficient funds, same account) names the field the client sent.
 */
public record SideFields(String debit, String credit) {

    /** The ledger's own names, used by the teller API. */
    public static final SideFields LEDGER = new SideFields("debitAccount", "creditAccount");
}
