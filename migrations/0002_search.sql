-- Brobygger registry schema, version 2: the full-text search index.
--
-- `search_entry` holds one row per record and one per document title and paragraph: the original
-- text (`name_text`, `body_text`) for snippets, and the same text folded by the application (lower
-- case, no diacritics, ø→o, æ→ae, ß→ss, Cyrillic in Latin letters) in `name` and `body`. The FTS5
-- table `search` indexes the folded columns as external content; triggers keep it in step.
-- `search_alias` groups the folded spellings that stand for one another in queries: the names and
-- aliases of a gazetteer place (`place/<id>`) or of a record (`<kind>/<id>`).

CREATE TABLE search_entry (
    id         INTEGER PRIMARY KEY,
    type       TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    label      TEXT NOT NULL,
    labels     TEXT NOT NULL CHECK (json_valid(labels)),
    name_text  TEXT NOT NULL,
    body_text  TEXT NOT NULL,
    name       TEXT NOT NULL,
    body       TEXT NOT NULL
) STRICT;
CREATE INDEX search_entry_by_record ON search_entry (type, record_id);

CREATE VIRTUAL TABLE search USING fts5 (
    name, body,
    content = 'search_entry', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_entry_inserted AFTER INSERT ON search_entry BEGIN
    INSERT INTO search (rowid, name, body) VALUES (new.id, new.name, new.body);
END;
CREATE TRIGGER search_entry_deleted AFTER DELETE ON search_entry BEGIN
    INSERT INTO search (search, rowid, name, body) VALUES ('delete', old.id, old.name, old.body);
END;
CREATE TRIGGER search_entry_updated AFTER UPDATE ON search_entry BEGIN
    INSERT INTO search (search, rowid, name, body) VALUES ('delete', old.id, old.name, old.body);
    INSERT INTO search (rowid, name, body) VALUES (new.id, new.name, new.body);
END;

CREATE TABLE search_alias (
    group_key  TEXT NOT NULL,
    spelling   TEXT NOT NULL,
    PRIMARY KEY (group_key, spelling)
) STRICT;
CREATE INDEX search_alias_by_spelling ON search_alias (spelling);
