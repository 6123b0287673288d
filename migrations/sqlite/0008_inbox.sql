-- Filters of the feed: by category, by track, unread only. A group keeps the category of
-- its kind, so that a filtered page reads only the index entries of the rows it shows,
-- and the unread count per category reads only the unread groups.
ALTER TABLE notification_groups ADD COLUMN category TEXT;
UPDATE notification_groups
   SET category = (SELECT n.category FROM notifications n WHERE n.id = notification_groups.latest_id);
CREATE INDEX notification_groups_category ON notification_groups (recipient_id, category, position DESC)
    WHERE snoozed_until IS NULL;
CREATE INDEX notification_groups_track ON notification_groups (recipient_id, track_id, position DESC)
    WHERE snoozed_until IS NULL AND track_id IS NOT NULL;
CREATE INDEX notification_groups_unread ON notification_groups (recipient_id, position DESC, category)
    WHERE snoozed_until IS NULL AND unread > 0;

-- Muted tracks: a person who muted a track gets none of its track-activity or project
-- notifications (nor their email) from the next event on; invitations, deadlines,
-- high-priority items and what is addressed to them alone still come. The pipeline
-- reads who muted a track once per event.
CREATE TABLE track_mutes (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    track_id   INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, track_id)
);
CREATE INDEX track_mutes_track ON track_mutes (track_id);
