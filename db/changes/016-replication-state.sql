--liquibase formatted sql

--changeset corebank:016-replication-state splitStatements:false runAlways:true
-- High availability (issue 14): the engine reports whether the primary has a synchronous standby
-- (platform/ReplicationState reads pg_stat_replication). PostgreSQL shows a standby's sync_state
-- only to members of pg_read_all_stats (a part of pg_monitor), so the runtime role needs it:
-- read-only statistics, no access to any table's data.
-- Granting a predefined role takes a superuser or its ADMIN OPTION, which the schema owner
-- usually lacks: then this does nothing and the DBA grants it (docs/operations.md, Database
-- roles); the engine reports the state as unknown until then. runAlways retries on every start.
DO $$
BEGIN
    GRANT pg_read_all_stats TO corebank_app;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'corebank_app not granted pg_read_all_stats (% lacks the privilege): the DBA grants it', current_user;
END $$;
