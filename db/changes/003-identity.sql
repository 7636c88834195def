--liquibase formatted sql

--changeset corebank:003-identity splitStatements:false
-- Users, their factors and sessions. No secret is stored in the clear: passwords as Argon2id
-- hashes, TOTP secrets encrypted (AES-256-GCM, key outside the database), recovery codes,
-- challenges, enrollment and refresh tokens as SHA-256 hashes of high-entropy random values.
CREATE TABLE users (
    id                       uuid        PRIMARY KEY,
    username                 text        NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._@-]{2,63}$'),
    display_name             text        NOT NULL,
    roles                    text[]      NOT NULL CHECK (roles <@ ARRAY['CUSTOMER', 'TELLER', 'SUPERVISOR', 'AUDITOR', 'ADMIN']::text[]),
    customer_ref             text        UNIQUE,
    status                   text        NOT NULL CHECK (status IN ('ACTIVE', 'DISABLED')),
    password_hash            text,
    password_changed_at      timestamptz,
    totp_secret_enc          text,
    totp_confirmed_at        timestamptz,
    totp_last_step           bigint,
    pending_totp_secret_enc  text,
    failed_attempts          integer     NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    lock_count               integer     NOT NULL DEFAULT 0 CHECK (lock_count >= 0),
    locked_until             timestamptz,
    enrollment_token_hash    text        UNIQUE,
    enrollment_expires_at    timestamptz,
    created_at               timestamptz NOT NULL,
    CONSTRAINT users_customer_has_ref CHECK (NOT ('CUSTOMER' = ANY (roles)) OR customer_ref IS NOT NULL)
);

CREATE TABLE recovery_codes (
    user_id    uuid        NOT NULL REFERENCES users (id),
    code_hash  text        NOT NULL,
    used_at    timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

-- The second step of a login: valid about two minutes, used at most once.
CREATE TABLE login_challenges (
    id_hash         text        PRIMARY KEY,
    user_id         uuid        NOT NULL REFERENCES users (id),
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    client_address  text
);
CREATE INDEX login_challenges_expiry ON login_challenges (expires_at);

-- A session is a refresh-token family: every refresh rotates the token, and presenting a spent
-- one revokes the whole session. Idle and absolute timeouts are enforced on every request.
CREATE TABLE sessions (
    id                    uuid        PRIMARY KEY,
    user_id               uuid        NOT NULL REFERENCES users (id),
    created_at            timestamptz NOT NULL,
    last_seen_at          timestamptz NOT NULL,
    idle_timeout_seconds  integer     NOT NULL CHECK (idle_timeout_seconds > 0),
    absolute_expires_at   timestamptz NOT NULL,
    revoked_at            timestamptz,
    revoke_reason         text,
    channel               text        NOT NULL,
    client_address        text,
    user_agent            text
);
CREATE INDEX sessions_user ON sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE refresh_tokens (
    token_hash  text        PRIMARY KEY,
    session_id  uuid        NOT NULL REFERENCES sessions (id),
    created_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);
