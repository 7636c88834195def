package corebank.customers;

/** The kinds of identity document a customer is identified by. */
public enum DocumentType {
    PASSPORT, ID_CARD, DRIVING_LICENCE
}
