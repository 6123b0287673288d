-- Producer Dashboard schema. Times are UTC milliseconds since the Unix epoch
-- (INTEGER); due dates are calendar days as 'YYYY-MM-DD' (TEXT).

CREATE TABLE users (
    id                INTEGER PRIMARY KEY,
    email             TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    display_name      TEXT    NOT NULL,
    password_hash     TEXT    NOT NULL,
    avatar_path       TEXT,
    avatar_mime       TEXT,
    email_verified_at INTEGER,
    theme             TEXT    NOT NULL DEFAULT 'light' CHECK (theme IN ('light', 'dark')),
    is_admin          INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);

-- A session id is stored only as the SHA-256 of the cookie's token.
CREATE TABLE sessions (
    id           TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_agent   TEXT,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Verification of an (new) email address: the link carries the token, the row its hash.
CREATE TABLE email_verifications (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email      TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX email_verifications_user ON email_verifications (user_id);

-- Projects ("buckets") group tracks.
CREATE TABLE projects (
    id         INTEGER PRIMARY KEY,
    owner_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX projects_owner ON projects (owner_id);

-- Default project collaborators: invited automatically to every new track of the project.
CREATE TABLE project_collaborators (
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    permission TEXT    NOT NULL CHECK (permission IN ('view', 'edit', 'full')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_collaborators_user ON project_collaborators (user_id);

CREATE TABLE tracks (
    id           INTEGER PRIMARY KEY,
    owner_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    project_id   INTEGER REFERENCES projects (id) ON DELETE SET NULL,
    title        TEXT    NOT NULL,
    artwork_path TEXT,
    artwork_mime TEXT,
    stage        TEXT    NOT NULL DEFAULT 'idea'
                 CHECK (stage IN ('idea', 'editing', 'ready', 'published', 'archived')),
    due_date     TEXT,
    bpm          INTEGER,
    musical_key  TEXT,
    genre        TEXT,
    description  TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX tracks_owner ON tracks (owner_id);
CREATE INDEX tracks_project ON tracks (project_id);
CREATE INDEX tracks_due ON tracks (due_date) WHERE due_date IS NOT NULL;

-- Collaborators of a track (the owner is not listed: owner_id carries that).
CREATE TABLE track_members (
    track_id   INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    permission TEXT    NOT NULL CHECK (permission IN ('view', 'edit', 'full')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (track_id, user_id)
);
CREATE INDEX track_members_user ON track_members (user_id);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    track_id   INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    edited_at  INTEGER
);
CREATE INDEX comments_track ON comments (track_id, id);

CREATE TABLE files (
    id           INTEGER PRIMARY KEY,
    track_id     INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    uploader_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    mime         TEXT    NOT NULL,
    size_bytes   INTEGER NOT NULL,
    storage_path TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX files_track ON files (track_id);

-- Per collaborator, per file: how far the file has synced to them.
CREATE TABLE file_syncs (
    file_id    INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status     TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'syncing', 'done')),
    bytes_done INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (file_id, user_id)
);
CREATE INDEX file_syncs_user_status ON file_syncs (user_id, status);

CREATE TABLE invitations (
    id           INTEGER PRIMARY KEY,
    track_id     INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    inviter_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    invitee_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    permission   TEXT    NOT NULL CHECK (permission IN ('view', 'edit', 'full')),
    status       TEXT    NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'accepted', 'dismissed', 'revoked')),
    created_at   INTEGER NOT NULL,
    responded_at INTEGER
);
CREATE UNIQUE INDEX invitations_one_pending ON invitations (track_id, invitee_id) WHERE status = 'pending';
CREATE INDEX invitations_invitee ON invitations (invitee_id, status, created_at);
CREATE INDEX invitations_track ON invitations (track_id, status);

CREATE TABLE support_tickets (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subject    TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    status     TEXT    NOT NULL DEFAULT 'open'
               CHECK (status IN ('open', 'answered', 'resolved', 'still_open', 'no_longer_needed')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX support_tickets_user ON support_tickets (user_id, id);

CREATE TABLE support_replies (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES support_tickets (id) ON DELETE CASCADE,
    author     TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX support_replies_ticket ON support_replies (ticket_id, id);

-- AUTOINCREMENT: ids are never reused, so an id is a safe stream position (Last-Event-ID).
CREATE TABLE notifications (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    category      TEXT    NOT NULL
                  CHECK (category IN ('collaboration', 'deadline', 'workflow', 'reminder', 'system', 'support')),
    kind          TEXT    NOT NULL,
    priority      TEXT    NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'high')),
    title         TEXT    NOT NULL,
    message       TEXT    NOT NULL,
    track_id      INTEGER REFERENCES tracks (id) ON DELETE SET NULL,
    widget        TEXT,
    actor_id      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    invitation_id INTEGER REFERENCES invitations (id) ON DELETE SET NULL,
    ticket_id     INTEGER REFERENCES support_tickets (id) ON DELETE SET NULL,
    created_at    INTEGER NOT NULL,
    read_at       INTEGER,
    dismissed_at  INTEGER
);
-- The feed: newest first, keyset on id, dismissed rows skipped.
CREATE INDEX notifications_feed ON notifications (recipient_id, id DESC) WHERE dismissed_at IS NULL;
-- Unread rows only, so mark-all-read touches exactly what it changes.
CREATE INDEX notifications_unread ON notifications (recipient_id, id) WHERE read_at IS NULL AND dismissed_at IS NULL;

-- The unread badge, kept in step with notifications by the store (O(1) to read).
CREATE TABLE notification_counters (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    unread  INTEGER NOT NULL DEFAULT 0 CHECK (unread >= 0)
);

-- One JSON document of preferences per user; absent means the defaults.
CREATE TABLE notification_preferences (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    prefs      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Transactional email outbox, written in the same transaction as the notification.
CREATE TABLE email_outbox (
    id              INTEGER PRIMARY KEY,
    notification_id INTEGER REFERENCES notifications (id) ON DELETE SET NULL,
    user_id         INTEGER REFERENCES users (id) ON DELETE CASCADE,
    to_address      TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    message_id      TEXT    NOT NULL UNIQUE,
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'held')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX email_outbox_due ON email_outbox (status, next_attempt_at);

-- Personal reminders a user sets on a track; fired_at is set once it has produced its notification.
CREATE TABLE reminders (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    track_id   INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    remind_at  INTEGER NOT NULL,
    note       TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    fired_at   INTEGER
);
CREATE INDEX reminders_due ON reminders (remind_at) WHERE fired_at IS NULL;
CREATE INDEX reminders_user_track ON reminders (user_id, track_id);

-- Idempotency of due-date reminders: one row per (track, user, kind, due date, occurrence).
-- occurrence is '' for one-off kinds and the day for the daily overdue notice.
CREATE TABLE deadline_notices (
    track_id   INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    due_date   TEXT    NOT NULL,
    occurrence TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (track_id, user_id, kind, due_date, occurrence)
);

-- Service announcements (project_id NULL) and project announcements.
CREATE TABLE announcements (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER REFERENCES projects (id) ON DELETE CASCADE,
    author_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    title      TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
