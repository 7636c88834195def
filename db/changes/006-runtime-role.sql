--liquibase formatted sql

--changeset corebank:006-runtime-role splitStatements:false runAlways:true runOnChange:true
-- Migrations run as the schema owner; the engine connects as corebank_app, which may change
-- only what the engine must. It may INSERT and SELECT audit rows and nothing else: no UPDATE,
-- DELETE or TRUNCATE on the audit tables (and the triggers refuse those even for the owner).
-- The role must exist (the default run and the tests create it; in production a DBA does,
-- see README "Database roles"). runAlways re-applies the grants after every migration.
GRANT USAGE ON SCHEMA public TO corebank_app;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO corebank_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO corebank_app;
GRANT INSERT ON audit_events, audit_log, audit_tree_nodes, audit_checkpoints TO corebank_app;
GRANT INSERT ON journal_entries, postings TO corebank_app;
GRANT INSERT, UPDATE ON accounts, holds TO corebank_app;
GRANT INSERT ON idempotency_keys TO corebank_app;
GRANT INSERT, UPDATE ON users, sessions, refresh_tokens TO corebank_app;
GRANT INSERT, UPDATE, DELETE ON login_challenges, recovery_codes TO corebank_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, audit_log, audit_tree_nodes, audit_checkpoints FROM corebank_app;
REVOKE ALL ON databasechangelog, databasechangeloglock FROM corebank_app;
