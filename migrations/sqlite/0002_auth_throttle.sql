-- Failed sign-ins and answers that an address is taken, for throttling guessing per
-- account and per client address. Rows older than the window are purged.
CREATE TABLE auth_failures (
    id      INTEGER PRIMARY KEY,
    scope   TEXT    NOT NULL CHECK (scope IN ('sign_in', 'address_taken')),
    account TEXT    COLLATE NOCASE,
    client  TEXT    NOT NULL,
    at      INTEGER NOT NULL
);
CREATE INDEX auth_failures_account ON auth_failures (scope, account, at);
CREATE INDEX auth_failures_client ON auth_failures (scope, client, at);
CREATE INDEX auth_failures_at ON auth_failures (at);

-- Sessions end after 14 days unused (expires_at slides forward while in use); expired
-- rows are purged.
CREATE INDEX sessions_expiry ON sessions (expires_at);
