-- Live changes on their way to the other instances: a unit of work writes each change
-- here and notifies the instances (LISTEN/NOTIFY carries ids only); each reads the
-- changes for the people it serves. Housekeeping removes them after ten minutes.
CREATE TABLE live_changes (
    id         BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT  NOT NULL,
    change     TEXT    NOT NULL,
    created_at BIGINT  NOT NULL
);
CREATE INDEX live_changes_created ON live_changes (created_at);
