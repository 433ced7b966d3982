-- ilgi-server schema, version 1 (SQLite). Applied once, in one transaction,
-- by src/store/migrate.rs; never edit it after it shipped: add 0002_….sql.
--
-- Ids are UUID text, instants are Unix milliseconds, secrets are stored only
-- as SHA-256 hex (tokens, invitation codes) or Argon2id PHC strings
-- (passwords). Every table holding workspace data has `workspace_id`, and
-- every query names it: the same record id in two workspaces is two rows.
-- STRICT tables make SQLite refuse a value of the wrong type.

CREATE TABLE workspaces (
    id          TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    -- The last change number handed out in this workspace (records.change_seq).
    change_seq  INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE users (
    id             TEXT    NOT NULL PRIMARY KEY,
    workspace_id   TEXT    NOT NULL REFERENCES workspaces(id),
    email          TEXT    NOT NULL,
    -- The whole address lower-cased: unique across the server, so a login
    -- needs no workspace.
    email_key      TEXT    NOT NULL UNIQUE,
    password_hash  TEXT    NOT NULL,
    role           TEXT    NOT NULL CHECK (role IN ('admin', 'agent', 'viewer')),
    created_at     INTEGER NOT NULL
) STRICT;

CREATE INDEX users_by_workspace ON users(workspace_id);

CREATE TABLE invitations (
    code_hash     TEXT    NOT NULL PRIMARY KEY,
    workspace_id  TEXT    NOT NULL REFERENCES workspaces(id),
    email         TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'agent', 'viewer')),
    invited_by    TEXT    NOT NULL REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    accepted_at   INTEGER
) STRICT;

CREATE TABLE sessions (
    token_hash    TEXT    NOT NULL PRIMARY KEY,
    user_id       TEXT    NOT NULL REFERENCES users(id),
    workspace_id  TEXT    NOT NULL REFERENCES workspaces(id),
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    last_used_at  INTEGER NOT NULL,
    revoked_at    INTEGER
) STRICT;

CREATE INDEX sessions_by_user ON sessions(user_id);

-- One row per installation that pushed to the workspace. `acked_seq` is the
-- high-water mark of its applied mutations: a mutation with seq <= it is a
-- replay. `case_prefix` keeps human-readable case numbers unique.
CREATE TABLE clients (
    workspace_id  TEXT    NOT NULL REFERENCES workspaces(id),
    client_id     TEXT    NOT NULL,
    case_prefix   TEXT    NOT NULL,
    acked_seq     INTEGER NOT NULL DEFAULT 0,
    last_user     TEXT    REFERENCES users(id),
    first_seen    INTEGER NOT NULL,
    last_seen     INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, client_id),
    UNIQUE (workspace_id, case_prefix)
) STRICT;

-- The merged state of every synced record. `body` is core's `Change` JSON:
-- every value with its stamp. `change_seq` is the workspace's change number
-- of its last write; a pull reads records_by_change after a cursor.
CREATE TABLE records (
    workspace_id  TEXT    NOT NULL REFERENCES workspaces(id),
    entity        TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    container_id  TEXT,
    change_seq    INTEGER NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    body          TEXT    NOT NULL,
    PRIMARY KEY (workspace_id, entity, id)
) STRICT;

CREATE INDEX records_by_change ON records(workspace_id, change_seq);

-- Failed logins and invitation accepts per key (SHA-256 of the email or the
-- client address) and fixed window.
CREATE TABLE login_attempts (
    key           TEXT    NOT NULL,
    window_start  INTEGER NOT NULL,
    count         INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
) STRICT;
