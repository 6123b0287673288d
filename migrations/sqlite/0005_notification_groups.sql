-- Runs of consecutive notifications of the same kind on the same track, per recipient,
-- shown as one row of the feed ("Jordan and Priya left 14 comments on Night Drive").
-- A notification belongs to the group named after the first notification of its run;
-- the group row keeps what the feed and the badge need, so neither counts rows.
ALTER TABLE notifications ADD COLUMN group_id INTEGER;
-- A group's notifications, newest first (expanding it, keeping its latest).
CREATE INDEX notifications_group ON notifications (group_id, id DESC) WHERE dismissed_at IS NULL;

CREATE TABLE notification_groups (
    -- The first notification of the run.
    id           INTEGER PRIMARY KEY,
    recipient_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL,
    track_id     INTEGER REFERENCES tracks (id) ON DELETE SET NULL,
    -- The newest notification still in it (not dismissed).
    latest_id    INTEGER NOT NULL,
    -- How many it holds, and how many of those are unread.
    size         INTEGER NOT NULL CHECK (size > 0),
    unread       INTEGER NOT NULL CHECK (unread >= 0),
    -- Up to two of the people who caused them, and whether there were more.
    actor_a      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor_b      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    more_actors  INTEGER NOT NULL DEFAULT 0
);
-- The grouped feed: newest group first (groups are runs, so the first id orders them).
CREATE INDEX notification_groups_feed ON notification_groups (recipient_id, id DESC);
-- Existing notifications are grouped when the server starts (notifications::store::regroup),
-- and from then on the unread badge counts unread groups.
