-- Brobygger registry schema, version 3: the record type becomes a column of the full-text index.
--
-- A search restricted to some types, and the count of its hits, are then answered by the index alone
-- (`type : "project"` in the MATCH expression) instead of by joining every match to `search_entry`.
-- Queries address the text with a column filter (`{name body} : …`); bm25 gives `type` no weight.

DROP TRIGGER search_entry_inserted;
DROP TRIGGER search_entry_deleted;
DROP TRIGGER search_entry_updated;
DROP TABLE search;

CREATE VIRTUAL TABLE search USING fts5 (
    name, body, type,
    content = 'search_entry', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_entry_inserted AFTER INSERT ON search_entry BEGIN
    INSERT INTO search (rowid, name, body, type) VALUES (new.id, new.name, new.body, new.type);
END;
CREATE TRIGGER search_entry_deleted AFTER DELETE ON search_entry BEGIN
    INSERT INTO search (search, rowid, name, body, type) VALUES ('delete', old.id, old.name, old.body, old.type);
END;
CREATE TRIGGER search_entry_updated AFTER UPDATE ON search_entry BEGIN
    INSERT INTO search (search, rowid, name, body, type) VALUES ('delete', old.id, old.name, old.body, old.type);
    INSERT INTO search (rowid, name, body, type) VALUES (new.id, new.name, new.body, new.type);
END;

INSERT INTO search (search) VALUES ('rebuild');
