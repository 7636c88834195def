/**
 * Four-eyes approval (maker-checker): a sensitive teller action becomes a request that a second
 * person with the right role approves or rejects; the action then runs exactly once.
 *
 * <p>May call {@code ledger}, {@code identity}, {@code audit} and {@code platform}; the teller
 * edge calls it. The states and their allowed transitions live in {@link corebank.approvals.ApprovalStatus}.
 */
package corebank.approvals;
