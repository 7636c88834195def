--liquibase formatted sql

--changeset corebank:007-payments splitStatements:false
-- Bill payments. Money still moves only through the ledger: an occurrence's ledger entry is
-- made under the Idempotency-Key "occurrence:<id>", so a crash between the ledger's commit
-- and the occurrence's update is finished by re-running it, never by paying twice.
CREATE TABLE billers (
    id                      uuid        PRIMARY KEY,
    code                    text        NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9]{3,16}$'),
    name                    text        NOT NULL,
    currency                char(3)     NOT NULL,
    clearing_account_id     bigint      NOT NULL UNIQUE REFERENCES accounts (id),
    settlement_account_id   bigint      NOT NULL REFERENCES accounts (id),
    creditor_account        text        NOT NULL,
    reference_pattern       text        NOT NULL,
    check_digit             text        NOT NULL CHECK (check_digit IN ('NONE', 'MOD10', 'MOD97')),
    created_at              timestamptz NOT NULL
);

CREATE TABLE payees (
    id            uuid        PRIMARY KEY,
    customer_ref  text        NOT NULL,
    biller_id     uuid        NOT NULL REFERENCES billers (id),
    reference     text        NOT NULL,
    nickname      text        NOT NULL,
    created_at    timestamptz NOT NULL,
    UNIQUE (customer_ref, biller_id, reference)
);
CREATE INDEX payees_customer ON payees (customer_ref);

-- SCHEDULED payments move ACTIVE -> COMPLETED | CANCELLED; occurrences RUNNING -> SUCCEEDED | FAILED.
CREATE TABLE bill_payments (
    id                 uuid        PRIMARY KEY,
    customer_ref       text        NOT NULL,
    payee_id           uuid        NOT NULL REFERENCES payees (id),
    from_account       text        NOT NULL,
    amount_minor       bigint      NOT NULL CHECK (amount_minor > 0),
    currency           char(3)     NOT NULL,
    memo               text,
    frequency          text        NOT NULL CHECK (frequency IN ('ONCE', 'WEEKLY', 'MONTHLY')),
    start_date         date        NOT NULL,
    day_of_month       smallint    CHECK (day_of_month BETWEEN 1 AND 31),
    end_date           date,
    occurrences_max    integer     CHECK (occurrences_max > 0),
    next_sequence      integer     NOT NULL DEFAULT 1,
    next_due_date      date,
    status             text        NOT NULL CHECK (status IN ('ACTIVE', 'COMPLETED', 'CANCELLED')),
    idempotency_key    text        NOT NULL,
    request_hash       text        NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    UNIQUE (customer_ref, idempotency_key),
    CONSTRAINT bill_payments_active_has_due CHECK ((status = 'ACTIVE') = (next_due_date IS NOT NULL))
);
CREATE INDEX bill_payments_due ON bill_payments (next_due_date) WHERE status = 'ACTIVE';
CREATE INDEX bill_payments_customer ON bill_payments (customer_ref, created_at);

CREATE TABLE payment_occurrences (
    id              uuid        PRIMARY KEY,
    payment_id      uuid        NOT NULL REFERENCES bill_payments (id),
    sequence        integer     NOT NULL CHECK (sequence > 0),
    due_date        date        NOT NULL,
    amount_minor    bigint      NOT NULL CHECK (amount_minor > 0),
    currency        char(3)     NOT NULL,
    status          text        NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    entry_id        uuid,
    failure_code    text,
    failure_reason  text,
    claimed_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    business_date   date,
    UNIQUE (payment_id, sequence),
    CONSTRAINT occurrences_succeeded_has_entry CHECK ((status = 'SUCCEEDED') = (entry_id IS NOT NULL))
);
CREATE INDEX payment_occurrences_running ON payment_occurrences (claimed_at) WHERE status = 'RUNNING';
CREATE INDEX payment_occurrences_settle ON payment_occurrences (business_date) WHERE status = 'SUCCEEDED';

CREATE TABLE settlement_runs (
    id                 uuid        PRIMARY KEY,
    biller_id          uuid        NOT NULL REFERENCES billers (id),
    business_date      date        NOT NULL,
    entry_id           uuid,
    payment_count      integer     NOT NULL,
    control_sum_minor  bigint      NOT NULL,
    currency           char(3)     NOT NULL,
    message_id         text        NOT NULL,
    file_xml           text,
    actor              text        NOT NULL,
    created_at         timestamptz NOT NULL,
    UNIQUE (biller_id, business_date)
);

GRANT SELECT, INSERT ON billers, payees, settlement_runs TO corebank_app;
GRANT SELECT, INSERT, UPDATE ON bill_payments, payment_occurrences TO corebank_app;
