-- Brobygger registry schema, version 13: an import is one entry of the history.
--
-- An import writes one `change` row with the operation `import`: `record_kind` is `import`, `record_id` the id of
-- its provenance document (`/v1/documents/{id}`), `after` what it did (file, SHA-256, mapping, counts). The records
-- it created or changed are listed in `change_record`, one row each, with the record as served before the import
-- (NULL for a record the import created; `before_public` the public form of a person), so that a record's history
-- and a read `as_of` a time see the import. The record after the import is what the next change of it found (its
-- `before`), or the record now.
--
-- SQLite cannot change a CHECK constraint in place: `change` is made again with the new operation and its rows
-- copied, ids kept.
CREATE TABLE change_with_imports (
    id           INTEGER PRIMARY KEY,
    changed_at   TEXT NOT NULL,
    author       TEXT NOT NULL,
    operation    TEXT NOT NULL CHECK (operation IN ('create', 'replace', 'update', 'delete', 'reset', 'import')),
    record_kind  TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    before       TEXT CHECK (before IS NULL OR json_valid(before)),
    after        TEXT CHECK (after IS NULL OR json_valid(after)),
    reason       TEXT,
    before_public TEXT CHECK (before_public IS NULL OR json_valid(before_public)),
    after_public  TEXT CHECK (after_public IS NULL OR json_valid(after_public))
) STRICT;
INSERT INTO change_with_imports (id, changed_at, author, operation, record_kind, record_id, before, after, reason, before_public, after_public)
SELECT id, changed_at, author, operation, record_kind, record_id, before, after, reason, before_public, after_public FROM change;
DROP TABLE change;
ALTER TABLE change_with_imports RENAME TO change;
CREATE INDEX change_by_record ON change (record_kind, record_id, id);
CREATE INDEX change_by_time ON change (changed_at, id);

CREATE TABLE change_record (
    record_kind   TEXT NOT NULL,
    record_id     TEXT NOT NULL,
    change_id     INTEGER NOT NULL REFERENCES change (id),
    before        TEXT CHECK (before IS NULL OR json_valid(before)),
    before_public TEXT CHECK (before_public IS NULL OR json_valid(before_public)),
    PRIMARY KEY (record_kind, record_id, change_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX change_record_by_change ON change_record (change_id);
