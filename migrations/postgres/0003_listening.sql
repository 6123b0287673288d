-- Listening: every audio file is analysed once for its waveform (min/max peaks, a few KB)
-- and its length. `analysis` is 'pending' until a worker has done it ('done' or 'failed',
-- with the reason in `analysis_note`); a file that is not audio is 'none'. A worker
-- claims a file by stamping `analysis_claimed_at`: another instance takes it over only
-- once that lease has run out. Files stored before this change are all 'pending', so the
-- background pass analyses each of them once.
ALTER TABLE files ADD COLUMN analysis TEXT NOT NULL DEFAULT 'pending'
    CHECK (analysis IN ('pending', 'done', 'failed', 'none'));
ALTER TABLE files ADD COLUMN analysis_claimed_at BIGINT;
ALTER TABLE files ADD COLUMN analysis_note TEXT;
ALTER TABLE files ADD COLUMN duration_ms BIGINT;
ALTER TABLE files ADD COLUMN peaks BYTEA;
CREATE INDEX files_analysis_pending ON files (id) WHERE analysis = 'pending';

-- Versions: a file's versions share its `line_id` (the first version's id) and are
-- numbered 1, 2, 3… Each version is a file of its own (stored, counted, synced).
ALTER TABLE files ADD COLUMN line_id BIGINT;
ALTER TABLE files ADD COLUMN version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1);
UPDATE files SET line_id = id;
CREATE UNIQUE INDEX files_line_version ON files (line_id, version);

-- Comments at a moment: the version listened to and where in it (milliseconds), with an
-- optional end for a range.
ALTER TABLE comments ADD COLUMN file_id BIGINT REFERENCES files (id) ON DELETE SET NULL;
ALTER TABLE comments ADD COLUMN at_ms BIGINT CHECK (at_ms >= 0);
ALTER TABLE comments ADD COLUMN until_ms BIGINT CHECK (until_ms > at_ms);

-- A notification about a moment points at it: the file and the moment to cue.
ALTER TABLE notifications ADD COLUMN file_id BIGINT;
ALTER TABLE notifications ADD COLUMN at_ms BIGINT;
