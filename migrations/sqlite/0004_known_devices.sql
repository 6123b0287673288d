-- The browsers each account has signed in from (a long-lived random cookie, stored as
-- its SHA-256), so that a sign-in alert is raised for a new browser only.
CREATE TABLE known_devices (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_hash TEXT    NOT NULL,
    first_seen  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    PRIMARY KEY (user_id, device_hash)
) WITHOUT ROWID;
