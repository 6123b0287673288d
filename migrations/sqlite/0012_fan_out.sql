-- A fan-out writes each notification into the feed's index and its group's, nothing more:
-- Mark all as read finds what is unread through the groups that hold something unread
-- (each keeps its count), so the index of unread rows per person, one more B-tree insert
-- per recipient of every event, goes.
DROP INDEX notifications_unread;
-- The notifications about one invitation (read once it is answered, unlinked when it is
-- deleted): found among the few rows that name one, not among the person's whole feed.
CREATE INDEX notifications_invitation ON notifications (invitation_id)
    WHERE invitation_id IS NOT NULL;
