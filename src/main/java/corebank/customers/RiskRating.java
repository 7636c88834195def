package corebank.customers;

/** The bank's assessment of a customer's money-laundering and fraud risk. */
public enum RiskRating {
    LOW, MEDIUM, HIGH
}
