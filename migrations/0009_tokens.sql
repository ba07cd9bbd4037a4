-- Brobygger registry schema, version 9: access tokens for the write side.
--
-- Only the SHA-256 of a token is kept; the token itself is shown once, when it is made. A revoked token keeps
-- its row (with `revoked_at`), so that its name stays taken and the changes it made can still be attributed
-- to it. `last_used_at` is coarse: it moves at most about once a minute, so that authenticated reads do not
-- each become a write.
CREATE TABLE access_token (
    name           TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
    scope          TEXT NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
    secret_sha256  BLOB NOT NULL UNIQUE CHECK (length(secret_sha256) = 32),
    created_at     TEXT NOT NULL,
    last_used_at   TEXT,
    revoked_at     TEXT
) STRICT;
