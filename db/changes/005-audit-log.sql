--liquibase formatted sql

--changeset corebank:005-audit-log splitStatements:false
-- Tamper evidence without a write hotspot. Writers only insert audit_events. A single sequencer
-- (an advisory lock elects it among engine instances) gives committed events consecutive log
-- positions in the order (txid, id) and extends an RFC 6962 Merkle tree, then signs a
-- checkpoint. It takes only events whose transaction ended before every transaction still
-- running (txid below the snapshot's xmin): such a set never grows, so nothing is skipped.
ALTER TABLE audit_events ADD COLUMN txid bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX audit_events_txid_id ON audit_events (txid, id);
CREATE INDEX audit_events_actor_id ON audit_events (actor, id);
CREATE INDEX audit_events_action_id ON audit_events (action, id);
CREATE INDEX audit_events_outcome_id ON audit_events (outcome, id);
CREATE INDEX audit_events_target_id ON audit_events (target_id, id);
CREATE INDEX audit_events_request_id ON audit_events (request_id, id);
CREATE INDEX audit_events_occurred_id ON audit_events (occurred_at, id);
CREATE INDEX audit_events_debit_account ON audit_events ((details ->> 'debitAccount'), id);
CREATE INDEX audit_events_credit_account ON audit_events ((details ->> 'creditAccount'), id);
DROP INDEX audit_events_occurred;
DROP INDEX audit_events_request;
DROP INDEX audit_events_target;

CREATE TABLE audit_log (
    position   bigint      PRIMARY KEY CHECK (position >= 0),
    event_id   bigint      NOT NULL UNIQUE,
    event_txid bigint      NOT NULL,
    leaf_hash  bytea       NOT NULL CHECK (length(leaf_hash) = 32),
    sealed_at  timestamptz NOT NULL
);

-- Hashes of perfect subtrees: level L, index i covers leaves [i * 2^L, (i + 1) * 2^L).
-- Level 0 is audit_log.leaf_hash. Proofs read O(log n) of them.
CREATE TABLE audit_tree_nodes (
    level  smallint NOT NULL CHECK (level > 0),
    index  bigint   NOT NULL CHECK (index >= 0),
    hash   bytea    NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, index)
);

CREATE TABLE audit_checkpoints (
    tree_size  bigint      PRIMARY KEY CHECK (tree_size > 0),
    root_hash  bytea       NOT NULL CHECK (length(root_hash) = 32),
    signed_at  timestamptz NOT NULL,
    signature  bytea       NOT NULL,
    key_id     text        NOT NULL
);

CREATE TRIGGER audit_log_insert_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_tree_nodes_insert_only BEFORE UPDATE OR DELETE ON audit_tree_nodes
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_tree_nodes_no_truncate BEFORE TRUNCATE ON audit_tree_nodes
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_insert_only BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is insert-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'CB002';
END $$;
