-- An invitation is addressed to an email address, and belongs to whichever account has
-- verified that address (now or later), not to whoever registered it first. The same
-- for a project's default collaborators.
--
-- The tables are rebuilt. Migrations run inside a transaction, where foreign keys
-- cannot be switched off, so dropping the old invitations table would clear every
-- notification's link to its invitation (ON DELETE SET NULL): the links are kept aside
-- and put back.

CREATE TEMP TABLE notification_invitation_links AS
    SELECT id, invitation_id FROM notifications WHERE invitation_id IS NOT NULL;

CREATE TABLE invitations_by_address (
    id           INTEGER PRIMARY KEY,
    track_id     INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    inviter_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The address invited (lower case).
    email        TEXT    NOT NULL COLLATE NOCASE,
    -- Who accepted or declined it, once answered.
    answered_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    permission   TEXT    NOT NULL CHECK (permission IN ('view', 'edit', 'full')),
    status       TEXT    NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'accepted', 'dismissed', 'revoked')),
    created_at   INTEGER NOT NULL,
    responded_at INTEGER
);
INSERT INTO invitations_by_address
    (id, track_id, inviter_id, email, answered_by, permission, status, created_at, responded_at)
SELECT i.id, i.track_id, i.inviter_id, u.email,
       CASE WHEN i.status IN ('accepted', 'dismissed') THEN i.invitee_id END,
       i.permission, i.status, i.created_at, i.responded_at
FROM invitations i JOIN users u ON u.id = i.invitee_id;
DROP TABLE invitations;
ALTER TABLE invitations_by_address RENAME TO invitations;
CREATE UNIQUE INDEX invitations_one_pending ON invitations (track_id, email) WHERE status = 'pending';
CREATE INDEX invitations_email ON invitations (email, status, created_at);
CREATE INDEX invitations_track ON invitations (track_id, status);
CREATE INDEX invitations_inviter ON invitations (inviter_id, track_id, status);

UPDATE notifications
SET invitation_id = (SELECT l.invitation_id FROM notification_invitation_links l WHERE l.id = notifications.id)
WHERE id IN (SELECT id FROM notification_invitation_links);
DROP TABLE notification_invitation_links;

CREATE TABLE project_defaults_by_address (
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    email      TEXT    NOT NULL COLLATE NOCASE,
    permission TEXT    NOT NULL CHECK (permission IN ('view', 'edit', 'full')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (project_id, email)
);
INSERT INTO project_defaults_by_address (project_id, email, permission, created_at)
SELECT pc.project_id, u.email, pc.permission, pc.created_at
FROM project_collaborators pc JOIN users u ON u.id = pc.user_id;
DROP TABLE project_collaborators;
ALTER TABLE project_defaults_by_address RENAME TO project_collaborators;

CREATE INDEX users_verified_email ON users (email) WHERE email_verified_at IS NOT NULL;
