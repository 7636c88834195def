package corebank.ledger;

import corebank.audit.AuditContext;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A request to change the ledger. Commands are queued and applied in batches (group commit);
 * each succeeds or is refused on its own. {@link #canonical()} is what the idempotency hash covers.
 */
public sealed interface LedgerCommand {

    IdempotencyRef idempotency();

    AuditContext context();

    String canonical();

    /**
     * @param fields     the request's names for the two sides, used in refusals
     * @param conditions the caller's rules on the accounts, or null; not part of the canonical
     *                   form (a key's scope is one principal, whose conditions do not change)
     */
    record Transfer(Movement movement, SideFields fields, TransferConditions conditions, IdempotencyRef idempotency,
                    AuditContext context, EntryKind kind) implements LedgerCommand {

        /** A plain transfer (kind TRANSFER). */
        public Transfer(Movement movement, SideFields fields, TransferConditions conditions, IdempotencyRef idempotency,
                        AuditContext context) {
            this(movement, fields, conditions, idempotency, context, EntryKind.TRANSFER);
        }

        /** A named kind is part of the request (a plain transfer's form is unchanged, so stored hashes still match). */
        public String canonical() {
            return String.join("|", kind == EntryKind.TRANSFER ? "transfer" : "transfer:" + kind.name(),
                    movement.debitAccount().value(), movement.creditAccount().value(),
                    Long.toString(movement.amount().amountMinor()), movement.amount().currency().getCurrencyCode(),
                    String.valueOf(movement.description()));
        }
    }

    /**
     * Transfers applied all or nothing: if one is refused, none moves money. The group's
     * Idempotency-Key covers them all (their own keys are not used).
     */
    record LinkedTransfers(java.util.List<Transfer> transfers, IdempotencyRef idempotency, AuditContext context)
            implements LedgerCommand {
        public LinkedTransfers {
            if (transfers.stream().anyMatch(t -> t.conditions() != null)) {
                // conditions are checked per command, before its key; members have neither
                throw new IllegalArgumentException("members of a linked batch carry no conditions");
            }
        }

        public String canonical() {
            StringBuilder s = new StringBuilder("linked");
            transfers.forEach(t -> s.append('|').append(t.canonical()));
            return s.toString();
        }
    }

    /** @param postsAs the kind of the entry that posting the hold will record */
    record PlaceHold(Movement movement, long timeoutSeconds, EntryKind postsAs, IdempotencyRef idempotency, AuditContext context)
            implements LedgerCommand {
        public String canonical() {
            String canonical = String.join("|", "hold", movement.debitAccount().value(), movement.creditAccount().value(),
                    Long.toString(movement.amount().amountMinor()), movement.amount().currency().getCurrencyCode(),
                    Long.toString(timeoutSeconds), String.valueOf(movement.description()));
            return postsAs == EntryKind.HOLD_POSTED ? canonical : canonical + "|" + postsAs.name();
        }
    }

    /**
     * Posts a pending hold; a null amount posts it in full. The amount is a decimal whose minor
     * units the hold's currency gives, inside the batch.
     */
    record PostHold(UUID holdId, BigDecimal amount, IdempotencyRef idempotency, AuditContext context) implements LedgerCommand {
        public String canonical() {
            return String.join("|", "post-hold", holdId.toString(), amount == null ? "null" : amount.toPlainString());
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
