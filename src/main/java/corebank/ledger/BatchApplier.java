package corebank.ledger;

import corebank.audit.AuditAction;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.platform.ErrorCode;
import corebank.platform.StatementPipeline;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies one batch of ledger commands inside the caller's SERIALIZABLE transaction, which
 * has taken {@link LedgerStore#BATCH_LOCK} before anything else. The batch
 * reads and locks what it needs once, applies each command in order to an in-memory working
 * copy (each succeeds or is refused on its own, and sees the effect of those before it), then
 * writes everything in a handful of bulk statements, audit events and idempotency outcomes
 * included. A run that is retried starts from scratch: nothing here survives an attempt.
 * A transfer that carries its caller's conditions (TransferConditions: whose the debit account
 * must be, what kind the credit account) has them checked first, on the accounts read here, so
 * the caller reads no account itself.
 */
@Singleton
class BatchApplier {

    private final LedgerStore store;
    private final AuditLog auditLog;

    BatchApplier(LedgerStore store, AuditLog auditLog) {
        this.store = store;
        this.auditLog = auditLog;
    }

    List<Outcome> apply(DSLContext sql, List<LedgerCommand> commands, Instant now) {
        return new Run(sql, commands, now, null).execute();
    }

    /**
     * As {@link #apply(DSLContext, List, Instant)}, with the commands' stored idempotency outcomes
     * read before the transaction ({@link #storedOutcomes}) instead of inside it. The group committer
     * does so on both write paths: with the table lock, the lookup then runs while another batch
     * holds the lock instead of inside the one batch at a time; with account locks, it also avoids
     * a conflict (inside SERIALIZABLE, looking up keys that are not there locks index pages that
     * concurrent batches insert their keys into, and the two abort each other). Reading them outside
     * keeps every guarantee: a key found is a committed, immutable outcome; a key not found and
     * committed since by another transaction makes this batch's insert of it fail on the unique
     * key, and the batch's commands are then re-run one by one, each finding it.
     */
    List<Outcome> apply(DSLContext sql, List<LedgerCommand> commands, Instant now, Map<String, StoredOutcome> readBefore) {
        return new Run(sql, commands, now, readBefore).execute();
    }

    /** The stored outcomes of the commands' idempotency keys, by {@link LedgerStore#keyOf}. */
    Map<String, StoredOutcome> storedOutcomes(DSLContext sql, List<LedgerCommand> commands) {
        return store.findOutcomes(sql, idempotencyRefs(commands));
    }

    static List<IdempotencyRef> idempotencyRefs(List<LedgerCommand> commands) {
        return commands.stream().map(LedgerCommand::idempotency).filter(java.util.Objects::nonNull).distinct().toList();
    }

    /** The state of one attempt at one batch. */
    private final class Run {
        private final DSLContext sql;
        private final List<LedgerCommand> commands;
        private final Instant now;
        private final Map<String, StoredOutcome> storedOutcomes;
        private final Map<UUID, HoldState> holds;
        private final Map<UUID, EntryToReverse> entriesToReverse;
        private final Map<String, AccountState> accountsByNumber = new HashMap<>();
        private final Map<Long, AccountState> accountsById = new LinkedHashMap<>();
        private final Set<UUID> reversedInBatch = new HashSet<>();
        private final Map<UUID, String> holdActors = new HashMap<>();
        private final List<NewEntry> entries = new ArrayList<>();
        private final List<NewPosting> postings = new ArrayList<>();
        private final List<AuditEvent> auditEvents = new ArrayList<>();
        private final List<LedgerStore.OutcomeRow> outcomeRows = new ArrayList<>();

        Run(DSLContext sql, List<LedgerCommand> commands, Instant now, Map<String, StoredOutcome> readBefore) {
            this.sql = sql;
            this.commands = commands;
            this.now = now;
            this.storedOutcomes = readBefore != null ? new HashMap<>(readBefore) : store.findOutcomes(sql, idempotencyRefs(commands));
            this.holds = store.lockHolds(sql, commands.stream().map(Run::holdIdOf).filter(java.util.Objects::nonNull)
                    .distinct().toList());
            this.entriesToReverse = store.entriesToReverse(sql, commands.stream()
                    .filter(c -> c instanceof LedgerCommand.Reverse).map(c -> ((LedgerCommand.Reverse) c).entryId())
                    .distinct().toList());
            Set<String> numbers = new HashSet<>();
            Set<Long> ids = new HashSet<>();
            for (LedgerCommand c : commands) {
                if (c instanceof LedgerCommand.LinkedTransfers l) {
                    l.transfers().forEach(t -> addNumbers(numbers, t.movement()));
                } else if (c instanceof LedgerCommand.Transfer t) {
                    addNumbers(numbers, t.movement());
                } else if (c instanceof LedgerCommand.PlaceHold h) {
                    addNumbers(numbers, h.movement());
                }
            }
            holds.values().forEach(h -> {
                ids.add(h.debitAccountId);
                ids.add(h.creditAccountId);
            });
            entriesToReverse.values().forEach(e -> e.legs().forEach(l -> ids.add(l.accountId())));
            for (AccountState a : store.readAccountsOfBatch(sql, numbers, ids)) {
                accountsByNumber.put(a.number, a);
                accountsById.put(a.id, a);
            }
        }

        private static void addNumbers(Set<String> numbers, Movement m) {
            numbers.add(m.debitAccount().value());
            numbers.add(m.creditAccount().value());
        }

        private static UUID holdIdOf(LedgerCommand c) {
            if (c instanceof LedgerCommand.PostHold p) {
                return p.holdId();
            } else if (c instanceof LedgerCommand.VoidHold v) {
                return v.holdId();
            } else if (c instanceof LedgerCommand.ExpireHold e) {
                return e.holdId();
            }
            return null;
        }

        List<Outcome> execute() {
            List<Outcome> outcomes = new ArrayList<>(commands.size());
            for (LedgerCommand command : commands) {
                outcomes.add(applyOne(command));
            }
            List<AccountState> touched = accountsById.values().stream().filter(a -> a.dirty).toList();
            StatementPipeline writes = new StatementPipeline();
            store.updateAccounts(writes, touched);
            store.insertEntries(writes, entries, now);
            store.insertPostings(writes, postings, now);
            store.insertHolds(writes, holds.values().stream().filter(h -> h.isNew).toList(), holdActors, now);
            store.updateHolds(writes, holds.values().stream().filter(h -> h.dirty && !h.isNew).toList());
            store.insertOutcomes(writes, outcomeRows, now);
            auditLog.appendAll(writes, auditEvents);
            writes.execute(sql);
            return withWrittenEntries(outcomes);
        }

        /** Hands each new entry back with its outcome, exactly as written, so nobody reads it back. */
        private List<Outcome> withWrittenEntries(List<Outcome> outcomes) {
            Instant createdAt = now.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            // postings are listed in the order post() numbered them, so each entry's legs come in index order
            Map<UUID, List<Views.PostingView>> postingsByEntry = new HashMap<>();
            for (NewPosting p : postings) {
                postingsByEntry.computeIfAbsent(p.entryId(), id -> new ArrayList<>()).add(new Views.PostingView(p.entryId(),
                        p.index(), accountsById.get(p.accountId()).number, p.side(), p.amountMinor(), p.currency(),
                        p.accountSeq(), p.balanceAfterMinor(), createdAt));
            }
            Map<UUID, UUID> reversedBy = new HashMap<>();
            entries.stream().filter(e -> e.reversesEntryId() != null).forEach(e -> reversedBy.put(e.reversesEntryId(), e.id()));
            Map<UUID, Views.EntryView> views = new HashMap<>();
            for (NewEntry e : entries) {
                views.put(e.id(), new Views.EntryView(e.id(), e.kind(), e.description(), e.reversesEntryId(), reversedBy.get(e.id()),
                        e.holdId(), e.actor(), e.requestId(), createdAt, List.copyOf(postingsByEntry.getOrDefault(e.id(), List.of()))));
            }
            List<Outcome> answered = new ArrayList<>(outcomes.size());
            for (Outcome o : outcomes) {
                Views.EntryView written = o.applied() && !o.replayed() && Outcome.ENTRY.equals(o.resultType())
                        ? views.get(o.resultId()) : null;
                answered.add(written == null ? o : o.withEntry(written));
            }
            return answered;
        }

        private Outcome applyOne(LedgerCommand command) {
            if (command instanceof LedgerCommand.Transfer t && t.conditions() != null) {
                Outcome unmet = unmetCondition(t);
                if (unmet != null) {
                    return unmet;
                }
            }
            IdempotencyRef ref = command.idempotency();
            String hash = ref == null ? null : IdempotencyRef.hash(command.canonical());
            if (ref != null) {
                StoredOutcome stored = storedOutcomes.get(LedgerStore.keyOf(ref));
                if (stored != null) {
                    return stored.requestHash().equals(hash) ? replay(command, stored.outcome())
                            : Outcome.refused(ErrorCode.IDEMPOTENCY_CONFLICT,
                            "this Idempotency-Key was already used with a different request", IdempotencyRef.HEADER);
                }
            }
            Outcome outcome = dispatch(command);
            if (ref != null && outcome.isStorable()) {
                storedOutcomes.put(LedgerStore.keyOf(ref), new StoredOutcome(hash, outcome));
                outcomeRows.add(new LedgerStore.OutcomeRow(ref, hash, outcome));
            }
            return outcome;
        }

        /**
         * Outcomes stored before refusals named the request's fields say debitAccount and
         * creditAccount; a replay names the fields this request has.
         */
        private static Outcome replay(LedgerCommand command, Outcome stored) {
            Outcome replay = stored.asReplay();
            return command instanceof LedgerCommand.Transfer t ? replay.namingSides(t.fields()) : replay;
        }

        /**
         * The caller's conditions (TransferConditions), checked on the accounts this batch read.
         * Debit first, as the customer API always did. A refusal runs nothing and is not stored
         * under the key; only the caller's access audit event is written.
         */
        private Outcome unmetCondition(LedgerCommand.Transfer t) {
            TransferConditions c = t.conditions();
            AccountNumber debitNumber = t.movement().debitAccount();
            AccountState debit = accountsByNumber.get(debitNumber.value());
            if (c.debitOwnerRef() != null && (debit == null || !c.debitOwnerRef().equals(debit.ownerRef))) {
                AuditEvent denied = c.debitAccessDenied();
                if (denied != null) {
                    auditEvents.add(new AuditEvent(now, denied.context(), denied.action(), denied.outcome(), denied.reason(),
                            denied.targetType(), denied.targetId(), denied.details()));
                }
                return Outcome.refused(ErrorCode.NOT_FOUND, c.debitRefusalDetail(debitNumber), t.fields().debit());
            }
            AccountNumber creditNumber = t.movement().creditAccount();
            AccountState credit = accountsByNumber.get(creditNumber.value());
            if (c.creditKind() != null && (credit == null || credit.kind != c.creditKind())) {
                AuditEvent denied = c.creditAccessDenied();
                if (denied != null && credit != null) {
                    auditEvents.add(new AuditEvent(now, denied.context(), denied.action(), denied.outcome(), denied.reason(),
                            denied.targetType(), creditNumber.value(), denied.details()));
                }
                return Outcome.refused(ErrorCode.NOT_FOUND, c.creditRefusalDetail(creditNumber), t.fields().credit());
            }
            return null;
        }

        private Outcome dispatch(LedgerCommand command) {
            if (command instanceof LedgerCommand.Transfer t) {
                return transfer(t);
            } else if (command instanceof LedgerCommand.LinkedTransfers l) {
                return linked(l);
            } else if (command instanceof LedgerCommand.PlaceHold h) {
                return placeHold(h);
            } else if (command instanceof LedgerCommand.PostHold p) {
                return postHold(p);
            } else if (command instanceof LedgerCommand.VoidHold v) {
                return releaseHold(v.holdId(), HoldStatus.VOIDED, v.context(), AuditAction.LEDGER_HOLD_VOID);
            } else if (command instanceof LedgerCommand.ExpireHold e) {
                return releaseHold(e.holdId(), HoldStatus.EXPIRED, e.context(), AuditAction.LEDGER_HOLD_EXPIRE);
            } else if (command instanceof LedgerCommand.Reverse r) {
                return reverse(r);
            }
            throw new IllegalArgumentException("unknown ledger command " + command);
        }

        // ---- transfers -------------------------------------------------------------------------

        private Outcome transfer(LedgerCommand.Transfer t) {
            Movement m = t.movement();
            Map<String, Object> details = moneyDetails(m);
            Outcome refusal = refusalForPair(m, t.fields(), false);
            if (refusal == null && t.kind() == EntryKind.TRANSFER) {
                refusal = refusalForTill(m, t.fields());
            }
            if (refusal != null) {
                return refuse(t.context(), AuditAction.LEDGER_TRANSFER, "ACCOUNT", m.debitAccount().value(), details, refusal);
            }
            AccountState debit = accountsByNumber.get(m.debitAccount().value());
            AccountState credit = accountsByNumber.get(m.creditAccount().value());
            long amount = m.amount().amountMinor();
            UUID entryId = UUID.randomUUID();
            entries.add(new NewEntry(entryId, t.kind(), m.description(), null, null, t.context().actor(),
                    t.context().requestId()));
            post(entryId, 0, debit, Side.DEBIT, amount);
            post(entryId, 1, credit, Side.CREDIT, amount);
            details.put("entryId", entryId.toString());
            if (t.kind() != EntryKind.TRANSFER) {
                details.put("kind", t.kind().name());
            }
            auditEvents.add(AuditEvent.success(now, t.context(), AuditAction.LEDGER_TRANSFER, "ENTRY", entryId.toString(), details));
            return Outcome.applied(Outcome.ENTRY, entryId);
        }

        /**
         * All or nothing: the members are applied in order to the working copy; if one is
         * refused, everything the group did is undone (balances, entries, postings, audit
         * events) and every member reports why.
         */
        private Outcome linked(LedgerCommand.LinkedTransfers group) {
            Map<Long, long[]> saved = new HashMap<>();
            accountsById.values().forEach(a -> saved.put(a.id, new long[]{a.debitsPosted, a.creditsPosted, a.debitsPending,
                    a.creditsPending, a.postingCount, a.dirty ? 1 : 0}));
            int entriesBefore = entries.size();
            int postingsBefore = postings.size();
            int auditBefore = auditEvents.size();
            List<Outcome> members = new ArrayList<>();
            int failed = -1;
            for (LedgerCommand.Transfer t : group.transfers()) {
                Outcome o = transfer(t);
                members.add(o);
                if (!o.applied()) {
                    failed = members.size() - 1;
                    break;
                }
            }
            if (failed < 0) {
                return Outcome.group(members);
            }
            entries.subList(entriesBefore, entries.size()).clear();
            postings.subList(postingsBefore, postings.size()).clear();
            auditEvents.subList(auditBefore, auditEvents.size()).clear();
            accountsById.values().forEach(a -> {
                long[] v = saved.get(a.id);
                a.debitsPosted = v[0];
                a.creditsPosted = v[1];
                a.debitsPending = v[2];
                a.creditsPending = v[3];
                a.postingCount = v[4];
                a.dirty = v[5] == 1;
            });
            Outcome cause = members.get(failed);
            List<Outcome> refused = new ArrayList<>();
            for (int i = 0; i < group.transfers().size(); i++) {
                refused.add(i == failed ? cause : Outcome.refused(ErrorCode.LINKED_TRANSFER_FAILED,
                        "transfer " + failed + " of this linked batch was refused (" + cause.errorCode() + "); nothing moved",
                        "transfers[" + failed + "]"));
            }
            Outcome result = Outcome.group(refused);
            auditEvents.add(AuditEvent.failure(now, group.context(), AuditAction.LEDGER_TRANSFER_LINKED, cause.refusalCode(), "BATCH",
                    null, Map.of("transfers", group.transfers().size(), "failedIndex", failed)));
            return result;
        }

        /**
         * Checks both sides of a movement before either changes. Posted when {@code pending} is
         * false; a reservation (hold) otherwise. Refusals about a side name it as {@code fields} do.
         */
        private Outcome refusalForPair(Movement m, SideFields fields, boolean pending) {
            String debitNumber = m.debitAccount().value();
            String creditNumber = m.creditAccount().value();
            Money money = m.amount();
            AccountState debit = accountsByNumber.get(debitNumber);
            AccountState credit = accountsByNumber.get(creditNumber);
            if (debit == null) {
                return Outcome.refused(ErrorCode.NOT_FOUND, "no account " + debitNumber, fields.debit());
            }
            if (credit == null) {
                return Outcome.refused(ErrorCode.NOT_FOUND, "no account " + creditNumber, fields.credit());
            }
            if (!debit.currency.equals(money.currency())) {
                return Outcome.refused(ErrorCode.CURRENCY_MISMATCH, "account " + debitNumber + " holds "
                        + debit.currency.getCurrencyCode() + ", not " + money.currency().getCurrencyCode(), "currency");
            }
            if (!credit.currency.equals(money.currency())) {
                return Outcome.refused(ErrorCode.CURRENCY_MISMATCH, "account " + creditNumber + " holds "
                        + credit.currency.getCurrencyCode() + ", not " + money.currency().getCurrencyCode(), "currency");
            }
            long a = money.amountMinor();
            ErrorCode code = pending ? debit.refusalFor(0, 0, a, 0) : debit.refusalFor(a, 0, 0, 0);
            if (code != null) {
                return Outcome.refused(code, describe(code, debitNumber, true), fields.debit());
            }
            code = pending ? credit.refusalFor(0, 0, 0, a) : credit.refusalFor(0, a, 0, 0);
            if (code != null) {
                return Outcome.refused(code, describe(code, creditNumber, false), fields.credit());
            }
            return null;
        }

        /**
         * A till's cash moves only through the cash desk's named entries (CASH_DEPOSIT,
         * CASH_WITHDRAWAL, TILL_TRANSFER, TILL_DIFFERENCE), which check the till's day: never by a
         * plain transfer or a hold. (A supervisor's reversal of a cash entry stays possible.)
         */
        private Outcome refusalForTill(Movement m, SideFields fields) {
            AccountState debit = accountsByNumber.get(m.debitAccount().value());
            AccountState credit = accountsByNumber.get(m.creditAccount().value());
            AccountState till = debit.kind == AccountKind.TILL ? debit : credit.kind == AccountKind.TILL ? credit : null;
            if (till == null) {
                return null;
            }
            return Outcome.refused(ErrorCode.TILL_ACCOUNT, "account " + till.number
                    + " is a till: its cash moves only through the cash desk (deposits, withdrawals, vault transfers)",
                    till == debit ? fields.debit() : fields.credit());
        }

        private void post(UUID entryId, int index, AccountState account, Side side, long amount) {
            if (side == Side.DEBIT) {
                account.apply(amount, 0, 0, 0);
            } else {
                account.apply(0, amount, 0, 0);
            }
            long seq = account.nextPostingSeq();
            postings.add(new NewPosting(entryId, index, account.id, side, amount, account.currency.getCurrencyCode(),
                    seq, account.balance()));
        }

        // ---- holds -----------------------------------------------------------------------------

        private Outcome placeHold(LedgerCommand.PlaceHold h) {
            Movement m = h.movement();
            Map<String, Object> details = moneyDetails(m);
            Outcome refusal = refusalForPair(m, SideFields.LEDGER, true);
            if (refusal == null) {
                refusal = refusalForTill(m, SideFields.LEDGER);
            }
            if (refusal != null) {
                return refuse(h.context(), AuditAction.LEDGER_HOLD_PLACE, "ACCOUNT", m.debitAccount().value(), details, refusal);
            }
            AccountState debit = accountsByNumber.get(m.debitAccount().value());
            AccountState credit = accountsByNumber.get(m.creditAccount().value());
            long amount = m.amount().amountMinor();
            debit.apply(0, 0, amount, 0);
            credit.apply(0, 0, 0, amount);
            UUID id = UUID.randomUUID();
            HoldState hold = new HoldState(id, debit.id, credit.id, debit.currency.getCurrencyCode(), amount,
                    now.plusSeconds(h.timeoutSeconds()), m.description(), h.postsAs(), HoldStatus.PENDING, true);
            holds.put(id, hold);
            holdActors.put(id, h.context().actor());
            details.put("holdId", id.toString());
            details.put("expiresAt", hold.expiresAt.toString());
            auditEvents.add(AuditEvent.success(now, h.context(), AuditAction.LEDGER_HOLD_PLACE, "HOLD", id.toString(), details));
            return Outcome.applied(Outcome.HOLD, id);
        }

        private Outcome postHold(LedgerCommand.PostHold p) {
            AuditAction action = AuditAction.LEDGER_HOLD_POST;
            HoldState hold = holds.get(p.holdId());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("holdId", p.holdId().toString());
            if (hold == null) {
                return refuse(p.context(), action, "HOLD", p.holdId().toString(), details,
                        Outcome.refused(ErrorCode.NOT_FOUND, "no hold " + p.holdId(), "holdId"));
            }
            Outcome notPending = refusalUnlessPending(hold, p.context());
            if (notPending != null) {
                return refuse(p.context(), action, "HOLD", hold.id.toString(), details, notPending);
            }
            long amount;
            try {
                amount = p.amount() == null ? hold.amountMinor
                        : Money.of(p.amount(), java.util.Currency.getInstance(hold.currency), "amount").amountMinor();
            } catch (LedgerException e) {
                return Outcome.refused(e.code(), e.detail(), e.field());
            }
            if (amount > hold.amountMinor) {
                return Outcome.refused(ErrorCode.INVALID_AMOUNT, "cannot post more than the hold reserves", "amount");
            }
            AccountState debit = accountsById.get(hold.debitAccountId);
            AccountState credit = accountsById.get(hold.creditAccountId);
            ErrorCode code = debit.refusalFor(amount, 0, -hold.amountMinor, 0);
            String field = "debitAccount";
            if (code == null) {
                code = credit.refusalFor(0, amount, 0, -hold.amountMinor);
                field = "creditAccount";
            }
            if (code != null) {
                return refuse(p.context(), action, "HOLD", hold.id.toString(), details,
                        Outcome.refused(code, describe(code, field.equals("debitAccount") ? debit.number : credit.number,
                                field.equals("debitAccount")), field));
            }
            debit.apply(0, 0, -hold.amountMinor, 0);
            credit.apply(0, 0, 0, -hold.amountMinor);
            UUID entryId = UUID.randomUUID();
            entries.add(new NewEntry(entryId, hold.postsAs, hold.description, null, hold.id, p.context().actor(),
                    p.context().requestId()));
            post(entryId, 0, debit, Side.DEBIT, amount);
            post(entryId, 1, credit, Side.CREDIT, amount);
            hold.resolve(HoldStatus.POSTED, now);
            hold.postedAmountMinor = amount;
            hold.entryId = entryId;
            details.put("entryId", entryId.toString());
            details.put("amountMinor", amount);
            details.put("currency", hold.currency);
            auditEvents.add(AuditEvent.success(now, p.context(), action, "HOLD", hold.id.toString(), details));
            return Outcome.applied(Outcome.HOLD, hold.id);
        }

        private Outcome releaseHold(UUID holdId, HoldStatus next, AuditContext context, AuditAction action) {
            HoldState hold = holds.get(holdId);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("holdId", holdId.toString());
            if (hold == null) {
                return refuse(context, action, "HOLD", holdId.toString(), details,
                        Outcome.refused(ErrorCode.NOT_FOUND, "no hold " + holdId, "holdId"));
            }
            if (next == HoldStatus.EXPIRED && (hold.status != HoldStatus.PENDING || now.isBefore(hold.expiresAt))) {
                // Another instance or a client got there first: nothing to do, nothing to audit.
                return Outcome.refused(ErrorCode.HOLD_NOT_PENDING, "hold is not due to expire", "holdId");
            }
            if (next == HoldStatus.VOIDED) {
                Outcome notPending = refusalUnlessPending(hold, context);
                if (notPending != null) {
                    return refuse(context, action, "HOLD", holdId.toString(), details, notPending);
                }
            }
            release(hold, next);
            details.put("amountMinor", hold.amountMinor);
            details.put("currency", hold.currency);
            auditEvents.add(AuditEvent.success(now, context, action, "HOLD", holdId.toString(), details));
            return Outcome.applied(Outcome.HOLD, holdId);
        }

        /** A hold past its timeout is expired on the spot (the expiry job may not have run yet). */
        private Outcome refusalUnlessPending(HoldState hold, AuditContext context) {
            if (hold.status == HoldStatus.PENDING && !now.isBefore(hold.expiresAt)) {
                release(hold, HoldStatus.EXPIRED);
                Map<String, Object> details = Map.of("holdId", hold.id.toString(), "amountMinor", hold.amountMinor,
                        "currency", hold.currency);
                auditEvents.add(AuditEvent.success(now, AuditContext.system("hold-expiry"), AuditAction.LEDGER_HOLD_EXPIRE, "HOLD",
                        hold.id.toString(), details));
                return Outcome.refused(ErrorCode.HOLD_EXPIRED, "the hold expired at " + hold.expiresAt, "holdId");
            }
            if (hold.status != HoldStatus.PENDING) {
                return Outcome.refused(ErrorCode.HOLD_NOT_PENDING, "the hold is already " + hold.status, "holdId");
            }
            return null;
        }

        private void release(HoldState hold, HoldStatus next) {
            accountsById.get(hold.debitAccountId).apply(0, 0, -hold.amountMinor, 0);
            accountsById.get(hold.creditAccountId).apply(0, 0, 0, -hold.amountMinor);
            hold.resolve(next, now);
        }

        // ---- reversals -------------------------------------------------------------------------

        private Outcome reverse(LedgerCommand.Reverse r) {
            AuditAction action = AuditAction.LEDGER_ENTRY_REVERSE;
            EntryToReverse original = entriesToReverse.get(r.entryId());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("entryId", r.entryId().toString());
            details.put("reason", r.reason());
            if (original == null) {
                return refuse(r.context(), action, "ENTRY", r.entryId().toString(), details,
                        Outcome.refused(ErrorCode.NOT_FOUND, "no journal entry " + r.entryId(), "entryId"));
            }
            if (original.kind() == EntryKind.REVERSAL) {
                return refuse(r.context(), action, "ENTRY", r.entryId().toString(), details, Outcome.refused(
                        ErrorCode.NOT_REVERSIBLE, "a reversal cannot itself be reversed; post a new transfer", "entryId"));
            }
            if (original.alreadyReversed() || reversedInBatch.contains(original.id())) {
                return refuse(r.context(), action, "ENTRY", r.entryId().toString(), details, Outcome.refused(
                        ErrorCode.ALREADY_REVERSED, "entry " + r.entryId() + " has already been reversed", "entryId"));
            }
            Map<Long, long[]> deltas = new LinkedHashMap<>();
            for (EntryToReverse.Leg leg : original.legs()) {
                long[] d = deltas.computeIfAbsent(leg.accountId(), k -> new long[2]);
                d[leg.side() == Side.DEBIT ? 1 : 0] += leg.amountMinor();
            }
            for (Map.Entry<Long, long[]> d : deltas.entrySet()) {
                AccountState account = accountsById.get(d.getKey());
                ErrorCode code = account.refusalFor(d.getValue()[0], d.getValue()[1], 0, 0);
                if (code != null) {
                    return refuse(r.context(), action, "ENTRY", r.entryId().toString(), details,
                            Outcome.refused(code, describe(code, account.number, d.getValue()[0] > 0), "entryId"));
                }
            }
            UUID entryId = UUID.randomUUID();
            entries.add(new NewEntry(entryId, EntryKind.REVERSAL, r.reason(), original.id(), null, r.context().actor(),
                    r.context().requestId()));
            int index = 0;
            for (EntryToReverse.Leg leg : original.legs()) {
                post(entryId, index++, accountsById.get(leg.accountId()), leg.side().opposite(), leg.amountMinor());
            }
            reversedInBatch.add(original.id());
            details.put("reversalEntryId", entryId.toString());
            auditEvents.add(AuditEvent.success(now, r.context(), action, "ENTRY", r.entryId().toString(), details));
            return Outcome.applied(Outcome.ENTRY, entryId);
        }

        // ---- helpers ---------------------------------------------------------------------------

        private Outcome refuse(AuditContext context, AuditAction action, String targetType, String targetId,
                               Map<String, Object> details, Outcome refusal) {
            auditEvents.add(AuditEvent.failure(now, context, action, refusal.refusalCode(), targetType, targetId, details));
            return refusal;
        }

        /** The audit details of a movement; their keys are the ledger's, whatever the request called its fields. */
        private Map<String, Object> moneyDetails(Movement m) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("debitAccount", m.debitAccount().value());
            details.put("creditAccount", m.creditAccount().value());
            details.put("amountMinor", m.amount().amountMinor());
            details.put("currency", m.amount().currency().getCurrencyCode());
            return details;
        }

        private String describe(ErrorCode code, String number, boolean debitSide) {
            return switch (code) {
                case ACCOUNT_FROZEN -> "account " + number + " is frozen";
                case ACCOUNT_CLOSED -> "account " + number + " is closed";
                case INSUFFICIENT_FUNDS -> debitSide
                        ? "account " + number + " does not have enough available funds"
                        : "account " + number + " cannot be credited beyond its debits";
                case LIMIT_EXCEEDED -> "account " + number + " would exceed the largest total the ledger keeps";
                default -> code.wire();
            };
        }
    }
}
