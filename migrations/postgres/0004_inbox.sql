-- Filters of the feed: by category, by track, unread only. A group keeps the category of
-- its kind. The feed's index carries what the filters and the per-category unread counts
-- read (category, track, unread), so a filtered page and the counts read the index alone;
-- it is one index still, so a fan-out writes no more index entries per row than before.
ALTER TABLE notification_groups ADD COLUMN category TEXT;
UPDATE notification_groups
   SET category = (SELECT n.category FROM notifications n WHERE n.id = notification_groups.latest_id);
DROP INDEX notification_groups_feed;
CREATE INDEX notification_groups_feed
    ON notification_groups (recipient_id, position DESC, category, track_id, unread)
    WHERE snoozed_until IS NULL;

-- Muted tracks: a person who muted a track gets none of its track-activity or project
-- notifications (nor their email) from the next event on; invitations, deadlines,
-- high-priority items and what is addressed to them alone still come. The pipeline
-- reads who muted a track once per event.
CREATE TABLE track_mutes (
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    track_id   BIGINT NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, track_id)
);
CREATE INDEX track_mutes_track ON track_mutes (track_id);
