--liquibase formatted sql

--changeset corebank:017-journal-sealing splitStatements:false
-- The journal itself enters the tamper-evident log (docs/architecture.md, Audit trail). The
-- sequencer that seals audit events also seals every journal entry (with its postings) and
-- every account (its identity: number, kind, currency, limits' flags, owner) as leaves of the
-- same RFC 6962 tree, in the order of the transaction that wrote them, taking like events only
-- rows whose transaction ended before every transaction still running.
--
-- The writers are not touched: the transaction id is a column default, and the BRIN index on
-- journal_entries costs an insert next to nothing (a range summary, not a b-tree entry per row).
-- Rows that exist when this runs get this migration's transaction id, so the sequencer's first
-- run seals the whole history (the backfill).
ALTER TABLE journal_entries ADD COLUMN txid bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX journal_entries_txid ON journal_entries USING brin (txid);
ALTER TABLE accounts ADD COLUMN txid bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX accounts_txid_id ON accounts (txid, id);

-- A log position now holds an event, a journal entry or an account; event_txid is the
-- transaction id of whichever it holds.
ALTER TABLE audit_log ALTER COLUMN event_id DROP NOT NULL;
ALTER TABLE audit_log ADD COLUMN entry_id uuid UNIQUE;
ALTER TABLE audit_log ADD COLUMN account_id bigint UNIQUE;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_one_subject CHECK (num_nonnulls(event_id, entry_id, account_id) = 1);
CREATE INDEX audit_log_events_by_position ON audit_log (position) WHERE event_id IS NOT NULL;
CREATE INDEX audit_log_entries_by_position ON audit_log (position) WHERE entry_id IS NOT NULL;
CREATE INDEX audit_log_accounts_by_position ON audit_log (position) WHERE account_id IS NOT NULL;
