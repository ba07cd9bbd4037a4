-- Brobygger registry schema, version 10: the history of changes, and the seeds' versions of edited records.
--
-- `change` holds one row per change of a record, written in the transaction that makes the change: when
-- (RFC 3339, UTC, milliseconds), who (the token's name, or the seed file for seed loads), what (the operation
-- and the record as served before and after; NULL before a creation and after a deletion) and why (the
-- client's `X-Change-Reason`, as given). Ids only grow, so a client that polls `since=<id>` misses nothing.
--
-- `before_public` and `after_public` are the public forms of a person (without contact details), where they
-- differ; `person.served_public` is a person as anonymous clients are served it.
--
-- `seed_override` keeps the seeds' version of every seed record that was edited or deleted through the API:
-- the seed loader leaves such a record as the API left it (the edit wins), keeps the seeds' newest version
-- here, and `reset` puts that version back.
CREATE TABLE change (
    id           INTEGER PRIMARY KEY,
    changed_at   TEXT NOT NULL,
    author       TEXT NOT NULL,
    operation    TEXT NOT NULL CHECK (operation IN ('create', 'replace', 'update', 'delete', 'reset')),
    record_kind  TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    before       TEXT CHECK (before IS NULL OR json_valid(before)),
    after        TEXT CHECK (after IS NULL OR json_valid(after)),
    reason       TEXT,
    before_public TEXT CHECK (before_public IS NULL OR json_valid(before_public)),
    after_public  TEXT CHECK (after_public IS NULL OR json_valid(after_public))
) STRICT;
CREATE INDEX change_by_record ON change (record_kind, record_id, id);
CREATE INDEX change_by_time ON change (changed_at, id);

CREATE TABLE seed_override (
    record_kind  TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    source_file  TEXT,
    data         TEXT NOT NULL CHECK (json_valid(data)),
    PRIMARY KEY (record_kind, record_id)
) STRICT;

ALTER TABLE person ADD COLUMN served_public TEXT NOT NULL DEFAULT '{}';
UPDATE person SET served_public = public_json('person', data);
