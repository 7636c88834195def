--liquibase formatted sql

--changeset corebank:015-identity-hardening splitStatements:false
-- Identity hardening (issue 13, "Identity and administration").

-- A user the audit trail names (as actor or as the target of an event) is never deleted: the
-- trail would name someone who no longer exists. There is no delete route; this refuses it even
-- for the schema owner. Disable the user instead (POST /internal/v1/admin/users/{u}/disable).
CREATE FUNCTION refuse_audited_user_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM audit_events
                WHERE actor = 'user:' || OLD.username
                   OR (target_type = 'USER' AND target_id = OLD.username)) THEN
        RAISE EXCEPTION 'user % is named by the audit trail and cannot be deleted; disable it instead', OLD.username
            USING ERRCODE = 'CB015';
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER users_no_delete_when_audited BEFORE DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION refuse_audited_user_delete();

CREATE FUNCTION refuse_users_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'users cannot be truncated: the audit trail names them' USING ERRCODE = 'CB015';
END $$;
CREATE TRIGGER users_no_truncate BEFORE TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_users_truncate();

-- The enrollment token sets the password once; the confirm step needs that first use.
ALTER TABLE users ADD COLUMN enrollment_password_set_at timestamptz;

-- Failed logins per username (SHA-256 of the lower-cased name, known user or not), in the
-- database so that the limit holds across every engine instance (identity.UsernameThrottle).
CREATE TABLE login_failures_by_username (
    username_hash      text        PRIMARY KEY,
    window_started_at  timestamptz NOT NULL,
    failures           integer     NOT NULL CHECK (failures >= 0)
);
CREATE INDEX login_failures_by_username_window ON login_failures_by_username (window_started_at);

-- Housekeeping (identity.IdentityHousekeeping, ledger.IdempotencyHousekeeping) deletes expired rows.
CREATE INDEX sessions_ended ON sessions (absolute_expires_at);
CREATE INDEX sessions_revoked ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;

GRANT SELECT, INSERT, UPDATE, DELETE ON login_failures_by_username TO corebank_app;
GRANT DELETE ON sessions, refresh_tokens, idempotency_keys TO corebank_app;
