--liquibase formatted sql

--changeset corebank:018-audit-log-keys splitStatements:false
-- Cheaper sealing (docs/performance.md, levers). A log position holds exactly one of an event, a
-- journal entry or an account (audit_log_one_subject), so two of the three subject columns of
-- every row are NULL. As UNIQUE constraints, each column's index held an entry for every row,
-- NULLs included: three b-tree insertions a leaf where one is needed. Partial unique indexes keep
-- the same rule (no subject sealed twice) and index only the rows that name a subject of their
-- kind. Queries that look a subject up say `IS NOT NULL` as well, so the planner can use them.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_event_id_key,
                      DROP CONSTRAINT audit_log_entry_id_key,
                      DROP CONSTRAINT audit_log_account_id_key;
CREATE UNIQUE INDEX audit_log_event_id_key ON audit_log (event_id) WHERE event_id IS NOT NULL;
CREATE UNIQUE INDEX audit_log_entry_id_key ON audit_log (entry_id) WHERE entry_id IS NOT NULL;
CREATE UNIQUE INDEX audit_log_account_id_key ON audit_log (account_id) WHERE account_id IS NOT NULL;
