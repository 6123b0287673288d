-- The badge's counter is kept per category: the filters' unread count of each category
-- is one row, and the badge is the sum of at most six. Every write that moves the badge
-- moves the row of its group's category, so they always add up.
CREATE TABLE notification_unread (
    user_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    category TEXT   NOT NULL,
    unread   BIGINT NOT NULL DEFAULT 0 CHECK (unread >= 0),
    PRIMARY KEY (user_id, category)
);
INSERT INTO notification_unread (user_id, category, unread)
SELECT recipient_id, category, COUNT(*) FROM notification_groups
 WHERE unread > 0 AND snoozed_until IS NULL AND category IS NOT NULL
 GROUP BY recipient_id, category;
DROP TABLE notification_counters;
