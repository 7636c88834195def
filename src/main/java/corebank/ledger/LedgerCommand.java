package corebank.ledger;

import corebank.audit.AuditContext;

import java.util.UUID;

/**
 * A request to change the ledger. Commands are queued and applied in batches (group commit);
 * each succeeds or is refused on its own. {@link #canonical()} is what the idempotency hash covers.
 */
public sealed interface LedgerCommand {

    IdempotencyRef idempotency();

    AuditContext context();

    String canonical();

    record Transfer(String debitAccount, String creditAccount, Money amount, String description,
                    IdempotencyRef idempotency, AuditContext context) implements LedgerCommand {
        public String canonical() {
            return String.join("|", "transfer", debitAccount, creditAccount, Long.toString(amount.amountMinor()),
                    amount.currency().getCurrencyCode(), String.valueOf(description));
        }
    }

    /**
     * Transfers applied all or nothing: if one is refused, none moves money. The group's
     * Idempotency-Key covers them all (their own keys are not used).
     */
    record LinkedTransfers(java.util.List<Transfer> transfers, IdempotencyRef idempotency, AuditContext context)
            implements LedgerCommand {
        public String canonical() {
            StringBuilder s = new StringBuilder("linked");
            transfers.forEach(t -> s.append('|').append(t.canonical()));
            return s.toString();
        }
    }

    record PlaceHold(String debitAccount, String creditAccount, Money amount, long timeoutSeconds, String description,
                     IdempotencyRef idempotency, AuditContext context) implements LedgerCommand {
        public String canonical() {
            return String.join("|", "hold", debitAccount, creditAccount, Long.toString(amount.amountMinor()),
                    amount.currency().getCurrencyCode(), Long.toString(timeoutSeconds), String.valueOf(description));
        }
    }

    /** Posts a pending hold; a null amount posts it in full. */
    record PostHold(UUID holdId, String amount, IdempotencyRef idempotency, AuditContext context) implements LedgerCommand {
        public String canonical() {
            return String.join("|", "post-hold", holdId.toString(), String.valueOf(amount));
        }
    }

    record VoidHold(UUID holdId, IdempotencyRef idempotency, AuditContext context) implements LedgerCommand {
        public String canonical() {
            return String.join("|", "void-hold", holdId.toString());
        }
    }

    /** Releases a hold whose timeout has passed; issued by the expiry job, not by clients. */
    record ExpireHold(UUID holdId, AuditContext context) implements LedgerCommand {
        public IdempotencyRef idempotency() {
            return null;
        }

        public String canonical() {
            return "expire-hold|" + holdId;
        }
    }

    record Reverse(UUID entryId, String reason, IdempotencyRef idempotency, AuditContext context) implements LedgerCommand {
        public String canonical() {
            return String.join("|", "reverse", entryId.toString(), String.valueOf(reason));
        }
    }
}
