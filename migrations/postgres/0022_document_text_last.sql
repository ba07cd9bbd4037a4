-- Brobygger registry schema for PostgreSQL, version 22: a document's text is its row's last column, as in SQLite's
-- version 22, which moved it there so that an import writes its provenance document's text a span at a time. Here
-- the server puts that text together itself; the column moves so that both engines keep one schema.

ALTER TABLE document RENAME COLUMN text TO text_before_0022;

ALTER TABLE document ADD COLUMN text text COLLATE "C";

UPDATE document SET text = text_before_0022;

ALTER TABLE document ALTER COLUMN text SET NOT NULL;

ALTER TABLE document DROP COLUMN text_before_0022;
