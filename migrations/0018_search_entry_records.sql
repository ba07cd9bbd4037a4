-- Brobygger registry schema, version 18: the record of each search-index entry, read without its row.
--
-- A list filtered by text joins each matching entry of the search index to its record (`search_entry.record_id`),
-- and the count of such a selection with a country does so for every match. A project's entry holds its texts, so
-- its row fills a page of its own, and thousands of matches meant thousands of pages read at random. This index
-- holds an entry's record beside its id, a few hundred to a page, and the lists' statements read it instead
-- (`INDEXED BY`: SQLite looks up a rowid in the table itself otherwise). PostgreSQL reads its rows by primary key
-- and has no such index.

CREATE INDEX search_entry_record_by_entry ON search_entry (id, record_id);
