--liquibase formatted sql

--changeset corebank:013-cash splitStatements:false
-- The cash desk (corebank.cash). Two new kinds of account: a teller's TILL (cash in a drawer, an
-- asset, debit-normal, never below zero) and CASH_OVER_SHORT (per currency, bank-internal, where
-- till differences end up; debit-normal, as net shortages are a loss). Four new kinds of journal
-- entry, so cash never hides among generic transfers: CASH_DEPOSIT and CASH_WITHDRAWAL (a
-- customer's account against the teller's till), TILL_TRANSFER (vault <-> till) and
-- TILL_DIFFERENCE (a counted difference, posted to over/short once a supervisor approves it).
ALTER TABLE accounts DROP CONSTRAINT accounts_kind_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_kind_check CHECK (kind IN ('CUSTOMER_DEPOSIT', 'CASH_VAULT', 'CLEARING',
    'SETTLEMENT', 'FEE_INCOME', 'SUSPENSE', 'EQUITY', 'TILL', 'CASH_OVER_SHORT'));
ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_kind_check;
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_kind_check CHECK (kind IN ('TRANSFER', 'HOLD_POSTED',
    'REVERSAL', 'OPENING_BALANCE', 'CASH_DEPOSIT', 'CASH_WITHDRAWAL', 'TILL_TRANSFER', 'TILL_DIFFERENCE'));

-- Per currency: the vault and the over/short account.
CREATE TABLE cash_currencies (
    currency                char(3)     PRIMARY KEY CHECK (currency ~ '^[A-Z]{3}$'),
    vault_account           varchar(12) NOT NULL UNIQUE REFERENCES accounts (number),
    over_short_account      varchar(12) NOT NULL UNIQUE REFERENCES accounts (number),
    created_at              timestamptz NOT NULL
);

-- A teller's till: one per teller and currency, each its own TILL account.
CREATE TABLE tills (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    teller_user_id    uuid        NOT NULL REFERENCES users (id),
    teller_username   text        NOT NULL,
    currency          char(3)     NOT NULL REFERENCES cash_currencies (currency),
    account           varchar(12) NOT NULL UNIQUE REFERENCES accounts (number),
    created_at        timestamptz NOT NULL,
    UNIQUE (teller_user_id, currency)
);

-- A till's working day: OPEN -> CLOSED (final); at most one open day per till.
CREATE TABLE till_days (
    id                     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    till_id                bigint      NOT NULL REFERENCES tills (id),
    status                 text        NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    opened_at              timestamptz NOT NULL,
    opened_by              text        NOT NULL,
    opening_counted_minor  bigint      NOT NULL CHECK (opening_counted_minor >= 0),
    opening_expected_minor bigint      NOT NULL,
    closed_at              timestamptz,
    closed_by              text,
    closing_counted_minor  bigint      CHECK (closing_counted_minor >= 0),
    closing_expected_minor bigint,
    CONSTRAINT till_days_closed_has_count CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL)
        AND (status = 'CLOSED') = (closing_counted_minor IS NOT NULL)
        AND (status = 'CLOSED') = (closing_expected_minor IS NOT NULL))
);
CREATE UNIQUE INDEX till_days_one_open ON till_days (till_id) WHERE status = 'OPEN';
CREATE TRIGGER till_days_lifecycle BEFORE UPDATE OF status ON till_days
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION refuse_illegal_transition('OPEN->CLOSED');

-- A counted difference (counted - expected; positive: more cash than the books say), at the
-- opening or the closing of a day. Recorded PENDING_APPROVAL, posted once: PENDING_APPROVAL ->
-- POSTED (final), with the entry that posted it.
CREATE TABLE till_differences (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    till_day_id       bigint      NOT NULL REFERENCES till_days (id),
    stage             text        NOT NULL CHECK (stage IN ('OPENING', 'CLOSING')),
    amount_minor      bigint      NOT NULL CHECK (amount_minor <> 0),
    note              text        NOT NULL,
    status            text        NOT NULL CHECK (status IN ('PENDING_APPROVAL', 'POSTED')),
    recorded_by       text        NOT NULL,
    recorded_at       timestamptz NOT NULL,
    entry_id          uuid        REFERENCES journal_entries (id),
    posted_by         text,
    posted_at         timestamptz,
    UNIQUE (till_day_id, stage),
    CONSTRAINT till_differences_posted_has_entry CHECK ((status = 'POSTED') = (entry_id IS NOT NULL)
        AND (status = 'POSTED') = (posted_by IS NOT NULL)),
    CONSTRAINT till_differences_checker_is_not_maker CHECK (posted_by IS NULL OR posted_by <> recorded_by)
);
CREATE INDEX till_differences_pending ON till_differences (recorded_at) WHERE status = 'PENDING_APPROVAL';
CREATE TRIGGER till_differences_lifecycle BEFORE UPDATE OF status ON till_differences
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION refuse_illegal_transition('PENDING_APPROVAL->POSTED');

-- Every cash movement of a day (deposit, withdrawal, vault transfer), written in the same
-- transaction as its journal entry; the day's report lists them. signed_minor is the till's side:
-- positive when cash came into the till.
CREATE TABLE cash_movements (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    till_day_id      bigint      NOT NULL REFERENCES till_days (id),
    kind             text        NOT NULL CHECK (kind IN ('CASH_DEPOSIT', 'CASH_WITHDRAWAL', 'TILL_TRANSFER')),
    entry_id         uuid        NOT NULL UNIQUE REFERENCES journal_entries (id),
    counterparty     varchar(12) NOT NULL REFERENCES accounts (number),
    signed_minor     bigint      NOT NULL CHECK (signed_minor <> 0),
    description      text,
    actor            text        NOT NULL,
    created_at       timestamptz NOT NULL
);
CREATE INDEX cash_movements_day ON cash_movements (till_day_id, id);

GRANT SELECT, INSERT ON cash_currencies, tills, cash_movements TO corebank_app;
GRANT SELECT, INSERT, UPDATE ON till_days, till_differences TO corebank_app;
