/**
 * Customers: the bank's records of the people who own customer deposits (legal name, date of
 * birth, address, contact, identity document, KYC status, risk rating), their search, and
 * onboarding (a customer, a first account and an online-banking login in one transaction).
 * A customer's {@code customerRef} ("customer:...") is the key the ledger's accounts and the
 * identity feature's users point at; the database refuses a reference to a missing customer.
 * All SQL on the customers and onboardings tables is in {@link corebank.customers.CustomersStore}.
 */
package corebank.customers;
