-- ilgi-server schema, version 1 (PostgreSQL): the same tables as
-- migrations/sqlite/0001_init.sql, in PostgreSQL's types. Applied once, in
-- one transaction, by src/store/postgres.rs; never edit it after it
-- shipped: add 0002_….sql (and the SQLite one of the same version).
--
-- Ids are UUID text, instants are Unix milliseconds (BIGINT), secrets are
-- stored only as SHA-256 hex or Argon2id PHC strings. Every table holding
-- workspace data has `workspace_id`, and every query names it.

CREATE TABLE workspaces (
    id          TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    -- The last change number handed out in this workspace. A push locks
    -- this row (SELECT … FOR UPDATE) so numbers commit in order.
    change_seq  BIGINT  NOT NULL DEFAULT 0
);

CREATE TABLE users (
    id             TEXT    NOT NULL PRIMARY KEY,
    workspace_id   TEXT    NOT NULL REFERENCES workspaces(id),
    email          TEXT    NOT NULL,
    email_key      TEXT    NOT NULL UNIQUE,
    password_hash  TEXT    NOT NULL,
    role           TEXT    NOT NULL CHECK (role IN ('admin', 'agent', 'viewer')),
    created_at     BIGINT  NOT NULL
);

CREATE INDEX users_by_workspace ON users(workspace_id);

CREATE TABLE invitations (
    code_hash     TEXT    NOT NULL PRIMARY KEY,
    workspace_id  TEXT    NOT NULL REFERENCES workspaces(id),
    email         TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'agent', 'viewer')),
    invited_by    TEXT    NOT NULL REFERENCES users(id),
    created_at    BIGINT  NOT NULL,
    expires_at    BIGINT  NOT NULL,
    accepted_at   BIGINT
);

CREATE TABLE sessions (
    token_hash    TEXT    NOT NULL PRIMARY KEY,
    user_id       TEXT    NOT NULL REFERENCES users(id),
    workspace_id  TEXT    NOT NULL REFERENCES workspaces(id),
    created_at    BIGINT  NOT NULL,
    expires_at    BIGINT  NOT NULL,
    last_used_at  BIGINT  NOT NULL,
    revoked_at    BIGINT
);

CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE clients (
    workspace_id  TEXT    NOT NULL REFERENCES workspaces(id),
    client_id     TEXT    NOT NULL,
    case_prefix   TEXT    NOT NULL,
    acked_seq     BIGINT  NOT NULL DEFAULT 0,
    last_user     TEXT    REFERENCES users(id),
    first_seen    BIGINT  NOT NULL,
    last_seen     BIGINT  NOT NULL,
    PRIMARY KEY (workspace_id, client_id),
    UNIQUE (workspace_id, case_prefix)
);

CREATE TABLE records (
    workspace_id  TEXT    NOT NULL REFERENCES workspaces(id),
    entity        TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    container_id  TEXT,
    change_seq    BIGINT  NOT NULL,
    deleted       BOOLEAN NOT NULL DEFAULT FALSE,
    body          TEXT    NOT NULL,
    PRIMARY KEY (workspace_id, entity, id)
);

CREATE INDEX records_by_change ON records(workspace_id, change_seq);

CREATE TABLE login_attempts (
    key           TEXT    NOT NULL,
    window_start  BIGINT  NOT NULL,
    count         INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
);
