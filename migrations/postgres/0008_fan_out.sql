-- The notifications about one invitation (read once it is answered, unlinked when it is
-- deleted): found among the few rows that name one, not among the person's whole feed.
-- (SQLite also drops the index of unread rows per person there, which its fan-outs paid
-- for page by page; PostgreSQL keeps it, as its measured fan-out did not gain from that.)
CREATE INDEX notifications_invitation ON notifications (invitation_id)
    WHERE invitation_id IS NOT NULL;
