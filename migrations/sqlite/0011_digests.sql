-- Email digests. What a person asked to receive as an hourly or daily digest waits
-- here, each item due at the end of its period, until one email carries it.
CREATE TABLE email_digest_items (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Its row in the feed (read there: left out of the email); none when in-app is off.
    notification_id INTEGER REFERENCES notifications (id) ON DELETE SET NULL,
    kind            TEXT    NOT NULL,
    track_id        INTEGER REFERENCES tracks (id) ON DELETE SET NULL,
    actor_id        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    title           TEXT    NOT NULL,
    -- What a kind adds to its track's line: the stage moved to.
    detail          TEXT,
    created_at      INTEGER NOT NULL,
    due_at          INTEGER NOT NULL
);
CREATE INDEX email_digest_items_due ON email_digest_items (due_at, user_id);
CREATE INDEX email_digest_items_user ON email_digest_items (user_id, due_at);
-- Purging a dismissed notification clears an item's link to it without a scan.
CREATE INDEX email_digest_items_notification ON email_digest_items (notification_id)
    WHERE notification_id IS NOT NULL;

-- One row per digest built: at most one per person and period (the key of exactly
-- once across instances); the unsubscribe link's token is kept as its hash.
CREATE TABLE email_digests (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    period_at   INTEGER NOT NULL,
    outbox_id   INTEGER REFERENCES email_outbox (id) ON DELETE SET NULL,
    items       INTEGER NOT NULL,
    read_items  INTEGER NOT NULL,
    token_hash  TEXT    UNIQUE,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, period_at)
);
