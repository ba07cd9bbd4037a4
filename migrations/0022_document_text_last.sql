-- Brobygger registry schema, version 22: a document's text is its row's last column, of any type.
--
-- An import writes its provenance document, which quotes every row of its file, when the file ends: a value of the
-- text's length made of zeros, then the text through SQLite's incremental BLOB I/O, a span at a time. SQLite keeps
-- a value of zeros out of memory only as a BLOB and only as the last column of its row; any other way, the text's
-- length was made in memory twice over (zeros, then the row), so an import's peak grew with its file. `text` moves
-- to the end of the row, declared ANY: the documents of the seeds keep their TEXT values, and an import's text is
-- a BLOB of its UTF-8, which every reader takes as text.
--
-- SQLite cannot move a column, so the table is made again. Dropping the old one deletes its rows, which `evidence`
-- names through a deferred foreign key; the rows put back into the new one under the same name answer those
-- references again before the migration's transaction ends.

CREATE TABLE document_before_0022 AS SELECT * FROM document;

DROP TABLE document;

CREATE TABLE document (
    id            TEXT PRIMARY KEY,
    file_name     TEXT NOT NULL UNIQUE,
    language      TEXT NOT NULL,
    title         TEXT NOT NULL,
    source        TEXT,
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
    scalar_count  INTEGER NOT NULL CHECK (scalar_count >= 0),
    text          ANY NOT NULL
) STRICT;

INSERT INTO document (id, file_name, language, title, source, sha256, scalar_count, text)
SELECT id, file_name, language, title, source, sha256, scalar_count, text FROM document_before_0022;

DROP TABLE document_before_0022;
