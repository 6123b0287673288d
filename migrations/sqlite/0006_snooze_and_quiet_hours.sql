-- Snoozing: a group leaves the feed and the badge until `snoozed_until`, then comes back
-- unread at the top. The feed is ordered by `position`: a group's first notification id,
-- or, for one back from a snooze, a fresh value drawn from the notifications' own id
-- sequence (so it sorts after everything before it and before everything after).
ALTER TABLE notification_groups ADD COLUMN position INTEGER;
UPDATE notification_groups SET position = id;
ALTER TABLE notification_groups ADD COLUMN snoozed_until INTEGER;
DROP INDEX notification_groups_feed;
CREATE INDEX notification_groups_feed ON notification_groups (recipient_id, position DESC)
    WHERE snoozed_until IS NULL;
-- What is due to come back.
CREATE INDEX notification_groups_snoozed ON notification_groups (snoozed_until)
    WHERE snoozed_until IS NOT NULL;

-- Quiet hours: a notification that arrived during its recipient's quiet hours (and was
-- not high priority) popped nothing up; the feed marks it.
ALTER TABLE notifications ADD COLUMN quiet INTEGER NOT NULL DEFAULT 0;
