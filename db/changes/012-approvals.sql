--liquibase formatted sql

--changeset corebank:012-hold-posts-as
-- A hold carries the kind of the entry its posting records: HOLD_POSTED for a plain hold, TRANSFER
-- for a transfer held while it waits for a second person's approval (and whatever kind a feature
-- asks for). The journal_entries CHECK on kind still decides which kinds exist.
ALTER TABLE holds ADD COLUMN posts_as text NOT NULL DEFAULT 'HOLD_POSTED';

--changeset corebank:012-approval-requests splitStatements:false
-- Four-eyes approval (corebank.approvals): a request records the operation and its full
-- parameters, the maker and their reason, when it expires, and its state. PENDING -> APPROVED |
-- REJECTED | CANCELLED | EXPIRED; APPROVED -> EXECUTED | FAILED (ApprovalStatus; the trigger below
-- refuses every other move). The maker is never the checker (CHECK). Funds a money request
-- needs are reserved by a hold (hold_id) until it is executed, rejected, cancelled or expired.
CREATE TABLE approval_requests (
    id                     uuid        PRIMARY KEY,
    operation              text        NOT NULL CHECK (operation ~ '^[a-z][a-z0-9_.-]{0,63}$'),
    parameters             jsonb       NOT NULL,
    subject                text        NOT NULL,
    exclusive_key          text,
    maker                  text        NOT NULL,
    maker_role             text        NOT NULL,
    maker_idempotency_key  text,
    request_hash           text        NOT NULL,
    reason                 text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    checker_role           text        NOT NULL,
    created_at             timestamptz NOT NULL,
    expires_at             timestamptz NOT NULL,
    status                 text        NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED', 'EXPIRED',
                                                                 'EXECUTED', 'FAILED')),
    checker                text,
    decision_reason        text        CHECK (length(decision_reason) <= 500),
    decided_at             timestamptz,
    hold_id                uuid        REFERENCES holds (id),
    executed_at            timestamptz,
    result_ref             text,
    refusal_code           text,
    refusal_detail         text,
    CONSTRAINT approval_requests_maker_is_not_checker CHECK (checker IS NULL OR checker <> maker),
    CONSTRAINT approval_requests_expires_after_creation CHECK (expires_at > created_at),
    CONSTRAINT approval_requests_maker_key UNIQUE (maker, maker_idempotency_key)
);
-- At most one open request per exclusive key (an entry to reverse, an account to unfreeze, a user to reset).
CREATE UNIQUE INDEX approval_requests_one_open ON approval_requests (exclusive_key)
    WHERE exclusive_key IS NOT NULL AND status IN ('PENDING', 'APPROVED');
CREATE INDEX approval_requests_pending_by_expiry ON approval_requests (expires_at) WHERE status = 'PENDING';
CREATE INDEX approval_requests_approved ON approval_requests (decided_at) WHERE status = 'APPROVED';
CREATE INDEX approval_requests_by_creation ON approval_requests (created_at DESC, id DESC);
CREATE INDEX approval_requests_by_maker ON approval_requests (maker, created_at DESC);

CREATE TRIGGER approval_requests_lifecycle BEFORE UPDATE OF status ON approval_requests
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION refuse_illegal_transition('PENDING->APPROVED', 'PENDING->REJECTED', 'PENDING->CANCELLED',
                                               'PENDING->EXPIRED', 'APPROVED->EXECUTED', 'APPROVED->FAILED');

-- Requests are never deleted: they are part of the trail.
CREATE FUNCTION approval_requests_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'approval requests are never deleted' USING ERRCODE = 'CB002';
END $$;
CREATE TRIGGER approval_requests_no_delete BEFORE DELETE ON approval_requests
    FOR EACH ROW EXECUTE FUNCTION approval_requests_refuse_delete();

--changeset corebank:012-approvals-runtime-role splitStatements:false runAlways:true runOnChange:true
-- The engine inserts requests and may change only their decision and execution columns: the
-- operation, parameters, maker and reason of a request are written once.
GRANT SELECT, INSERT ON approval_requests TO corebank_app;
GRANT UPDATE (status, checker, decision_reason, decided_at, executed_at, result_ref, refusal_code, refusal_detail)
    ON approval_requests TO corebank_app;
