--liquibase formatted sql

--changeset corebank:002-idempotency splitStatements:false
-- The first outcome of each money-moving request, success or refusal, keyed by who asked
-- (scope) and the client's Idempotency-Key. The request hash detects a reused key.
CREATE TABLE idempotency_keys (
    scope         text        NOT NULL,
    key           text        NOT NULL,
    request_hash  text        NOT NULL,
    outcome       jsonb       NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

--changeset corebank:002-audit splitStatements:false
-- Audit events are written in the same transaction as the action they record. Insert-only:
-- the triggers refuse UPDATE, DELETE and TRUNCATE.
CREATE TABLE audit_events (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at     timestamptz NOT NULL,
    actor           text        NOT NULL,
    actor_role      text,
    action          text        NOT NULL,
    outcome         text        NOT NULL CHECK (outcome IN ('SUCCESS', 'FAILURE')),
    reason          text,
    target_type     text,
    target_id       text,
    request_id      text,
    channel         text,
    client_address  text,
    user_agent      text,
    details         jsonb
);
CREATE INDEX audit_events_occurred ON audit_events (occurred_at);
CREATE INDEX audit_events_request ON audit_events (request_id);
CREATE INDEX audit_events_target ON audit_events (target_type, target_id);

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is insert-only: % refused', TG_OP USING ERRCODE = 'CB002';
END $$;
CREATE TRIGGER audit_events_insert_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
