--liquibase formatted sql

--changeset corebank:001-accounts splitStatements:false
-- Accounts carry their balances as four monotonic totals (TigerBeetle style); every figure is
-- an integer number of minor units of the account's currency. Limits are CHECK constraints so
-- that no code path, however buggy, can overdraw an account that forbids it.
CREATE SEQUENCE account_number_seq START WITH 1000000000 MAXVALUE 9999999999;

CREATE TABLE accounts (
    id                              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number                          varchar(12) NOT NULL UNIQUE,
    kind                            text        NOT NULL CHECK (kind IN ('CUSTOMER_DEPOSIT', 'CASH_VAULT', 'CLEARING', 'SETTLEMENT', 'FEE_INCOME', 'SUSPENSE', 'EQUITY')),
    currency                        char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    name                            text        NOT NULL,
    owner_ref                       text,
    debits_must_not_exceed_credits  boolean     NOT NULL,
    credits_must_not_exceed_debits  boolean     NOT NULL,
    overdraft_limit_minor           bigint      NOT NULL DEFAULT 0 CHECK (overdraft_limit_minor >= 0),
    status                          text        NOT NULL CHECK (status IN ('ACTIVE', 'FROZEN', 'CLOSED')),
    debits_posted                   bigint      NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),
    credits_posted                  bigint      NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),
    debits_pending                  bigint      NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
    credits_pending                 bigint      NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
    posting_count                   bigint      NOT NULL DEFAULT 0 CHECK (posting_count >= 0),
    created_at                      timestamptz NOT NULL,
    CONSTRAINT accounts_debit_limit CHECK (NOT debits_must_not_exceed_credits
        OR debits_posted + debits_pending <= credits_posted + overdraft_limit_minor),
    CONSTRAINT accounts_credit_limit CHECK (NOT credits_must_not_exceed_debits
        OR credits_posted + credits_pending <= debits_posted),
    CONSTRAINT accounts_closed_is_empty CHECK (status <> 'CLOSED'
        OR (debits_posted = credits_posted AND debits_pending = 0 AND credits_pending = 0))
);
CREATE INDEX accounts_owner ON accounts (owner_ref) WHERE owner_ref IS NOT NULL;

-- A frozen or closed account takes no new money: posted totals and reservations may not grow.
-- Releasing a reservation (void, expiry) stays possible so that a freeze never strands funds.
CREATE FUNCTION accounts_refuse_movement_unless_active() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status <> 'ACTIVE' AND (NEW.debits_posted <> OLD.debits_posted
            OR NEW.credits_posted <> OLD.credits_posted
            OR NEW.debits_pending > OLD.debits_pending
            OR NEW.credits_pending > OLD.credits_pending) THEN
        RAISE EXCEPTION 'account % is %: no money may move', OLD.number, NEW.status USING ERRCODE = 'CB003';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER accounts_movement_needs_active BEFORE UPDATE ON accounts
    FOR EACH ROW EXECUTE FUNCTION accounts_refuse_movement_unless_active();

--changeset corebank:001-journal splitStatements:false
-- Entry ids are random UUIDs, not a sequence: under SERIALIZABLE, reads of an ever-increasing
-- key put every transaction's predicate lock on the same index page (see README, Performance).
-- Postings deliberately have no foreign key to their entry for the same reason; the statement
-- trigger below checks the entry exists, balances per currency and matches account currencies.
CREATE TABLE journal_entries (
    id                 uuid        PRIMARY KEY,
    kind               text        NOT NULL CHECK (kind IN ('TRANSFER', 'HOLD_POSTED', 'REVERSAL', 'OPENING_BALANCE')),
    description        text,
    reverses_entry_id  uuid        UNIQUE REFERENCES journal_entries (id),
    hold_id            uuid,
    actor              text        NOT NULL,
    request_id         text,
    created_at         timestamptz NOT NULL,
    CONSTRAINT journal_entries_reversal_points_back CHECK ((kind = 'REVERSAL') = (reverses_entry_id IS NOT NULL)),
    CONSTRAINT journal_entries_not_self_reversal CHECK (reverses_entry_id <> id)
);
CREATE INDEX journal_entries_created ON journal_entries (created_at);

CREATE TABLE postings (
    entry_id             uuid        NOT NULL,
    posting_index        smallint    NOT NULL CHECK (posting_index >= 0),
    account_id           bigint      NOT NULL REFERENCES accounts (id),
    side                 char(1)     NOT NULL CHECK (side IN ('D', 'C')),
    amount_minor         bigint      NOT NULL CHECK (amount_minor > 0),
    currency             char(3)     NOT NULL,
    account_seq          bigint      NOT NULL CHECK (account_seq > 0),
    balance_after_minor  bigint      NOT NULL,
    created_at           timestamptz NOT NULL,
    PRIMARY KEY (entry_id, posting_index),
    UNIQUE (account_id, account_seq)
);

CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'CB002';
END $$;
CREATE TRIGGER journal_entries_append_only BEFORE UPDATE OR DELETE ON journal_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER journal_entries_no_truncate BEFORE TRUNCATE ON journal_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER postings_append_only BEFORE UPDATE OR DELETE ON postings
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER postings_no_truncate BEFORE TRUNCATE ON postings
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- Checks every INSERT statement on postings as a whole (a transition table holds its rows, so
-- this reads no index pages of postings): per entry and currency, debits equal credits; an
-- entry has at least two postings; the entry exists; each posting is in its account's currency.
CREATE FUNCTION postings_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT entry_id, currency INTO bad FROM inserted
     GROUP BY entry_id, currency
    HAVING sum(CASE side WHEN 'D' THEN amount_minor ELSE -amount_minor END) <> 0
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'unbalanced journal entry % in %', bad.entry_id, bad.currency USING ERRCODE = 'CB001';
    END IF;
    SELECT entry_id INTO bad FROM inserted GROUP BY entry_id HAVING count(*) < 2 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'journal entry % has fewer than two postings', bad.entry_id USING ERRCODE = 'CB001';
    END IF;
    SELECT i.entry_id INTO bad FROM inserted i LEFT JOIN journal_entries e ON e.id = i.entry_id
     WHERE e.id IS NULL LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'postings for unknown journal entry %', bad.entry_id USING ERRCODE = 'CB001';
    END IF;
    SELECT i.entry_id INTO bad FROM inserted i JOIN accounts a ON a.id = i.account_id
     WHERE a.currency <> i.currency LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'journal entry % posts in a currency its account does not hold', bad.entry_id USING ERRCODE = 'CB001';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER postings_balanced AFTER INSERT ON postings
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION postings_check_balanced();

--changeset corebank:001-holds splitStatements:false
-- A hold reserves funds (pending debit and credit) until it is posted, voided or expires.
-- Its lifecycle is PENDING -> POSTED | VOIDED | EXPIRED; the trigger refuses any other move.
CREATE TABLE holds (
    id                  uuid        PRIMARY KEY,
    debit_account_id    bigint      NOT NULL REFERENCES accounts (id),
    credit_account_id   bigint      NOT NULL REFERENCES accounts (id),
    currency            char(3)     NOT NULL,
    amount_minor        bigint      NOT NULL CHECK (amount_minor > 0),
    status              text        NOT NULL CHECK (status IN ('PENDING', 'POSTED', 'VOIDED', 'EXPIRED')),
    description         text,
    expires_at          timestamptz NOT NULL,
    created_at          timestamptz NOT NULL,
    resolved_at         timestamptz,
    posted_amount_minor bigint      CHECK (posted_amount_minor > 0 AND posted_amount_minor <= amount_minor),
    entry_id            uuid,
    actor               text        NOT NULL,
    CONSTRAINT holds_distinct_accounts CHECK (debit_account_id <> credit_account_id),
    CONSTRAINT holds_posted_has_entry CHECK ((status = 'POSTED') = (entry_id IS NOT NULL))
);
CREATE INDEX holds_pending_by_expiry ON holds (expires_at) WHERE status = 'PENDING';
CREATE INDEX holds_debit_account ON holds (debit_account_id, created_at);

CREATE FUNCTION holds_refuse_bad_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'holds are never deleted' USING ERRCODE = 'CB002';
    END IF;
    IF OLD.status <> 'PENDING' OR NEW.status = 'PENDING'
            OR NEW.amount_minor <> OLD.amount_minor
            OR NEW.debit_account_id <> OLD.debit_account_id
            OR NEW.credit_account_id <> OLD.credit_account_id THEN
        RAISE EXCEPTION 'hold % cannot move from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = 'CB004';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER holds_lifecycle BEFORE UPDATE OR DELETE ON holds
    FOR EACH ROW EXECUTE FUNCTION holds_refuse_bad_transition();
