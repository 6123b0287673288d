-- Dismissed notifications stay 30 days, listed in the Dismissed view (newest first) with
-- Restore, then they are purged. Both indexes hold dismissed rows only, so a fan-out
-- writes no entry in them.
CREATE INDEX notifications_dismissed ON notifications (recipient_id, id DESC)
    WHERE dismissed_at IS NOT NULL;
CREATE INDEX notifications_dismissed_at ON notifications (dismissed_at)
    WHERE dismissed_at IS NOT NULL;
-- Purging a notification clears its email's link to it: found by this index, not a scan.
CREATE INDEX email_outbox_notification ON email_outbox (notification_id)
    WHERE notification_id IS NOT NULL;
