-- Brobygger registry schema, version 4: the secrets of this installation.
--
-- `instance_secret` holds random keys made once per database, such as the key that signs pagination
-- cursors: cursors then stay valid across restarts, and clients cannot make them up.
CREATE TABLE instance_secret (
    name   TEXT PRIMARY KEY,
    value  BLOB NOT NULL CHECK (length(value) >= 16)
) STRICT;
