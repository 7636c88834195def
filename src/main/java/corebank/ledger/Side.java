package corebank.ledger;

/** The side of a posting. */
public enum Side {
    DEBIT("D"), CREDIT("C");

    private final String code;

    Side(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public Side opposite() {
        return this == DEBIT ? CREDIT : DEBIT;
    }

    public static Side ofCode(String code) {
        return "D".equals(code) ? DEBIT : CREDIT;
    }
}
