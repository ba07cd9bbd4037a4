-- Brobygger registry schema for PostgreSQL, version 18: the search index's posting lists. It has no pair among
-- the SQLite migrations, whose FTS5 index keeps posting lists of its own; the next migration of both engines
-- takes the next number free on both (0019).
--
-- A search reads the first matching passages in the order of their entries (the page of a broad query, the
-- ranking window). The GIN index of `search_entry.document` finds the passages that hold a word, but not in that
-- order, and neither where the word is a name (weight A) rather than text (B): the planner then either walked
-- the whole table in its key's order testing each passage, or read every match and sorted them, a few hundred
-- milliseconds for a common word at 100,000 projects. Here each word of each passage is one row, keyed by the
-- word and then the entry, so that the passages holding a word come in the order of their entries from the key
-- alone, and whether the passage holds the word in its name, its text or both comes with the key. A search reads
-- them a batch at a time and tests each passage against the whole query.

CREATE TABLE search_term (
    term     text COLLATE "C" NOT NULL,
    entry    bigint NOT NULL,
    in_name  boolean NOT NULL,
    in_text  boolean NOT NULL,
    PRIMARY KEY (term, entry) INCLUDE (in_name, in_text)
);

-- Kept by `search_entry`'s own triggers, one statement for all the rows a statement wrote (a copy or an import
-- writes many in one): the words of a passage added with it, removed with it, replaced when it changes.
CREATE FUNCTION search_terms_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM search_term AS t
        USING (SELECT w.lexeme, r.id FROM removed AS r CROSS JOIN LATERAL unnest(r.document) AS w) AS gone
        WHERE t.term = gone.lexeme AND t.entry = gone.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO search_term (term, entry, in_name, in_text)
        SELECT w.lexeme, a.id, 'A' = ANY (w.weights), 'B' = ANY (w.weights)
        FROM added AS a CROSS JOIN LATERAL unnest(a.document) AS w;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER search_entry_terms_added AFTER INSERT ON search_entry
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION search_terms_changed();
CREATE TRIGGER search_entry_terms_removed AFTER DELETE ON search_entry
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION search_terms_changed();
CREATE TRIGGER search_entry_terms_replaced AFTER UPDATE ON search_entry
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION search_terms_changed();

INSERT INTO search_term (term, entry, in_name, in_text)
SELECT w.lexeme, e.id, 'A' = ANY (w.weights), 'B' = ANY (w.weights)
FROM search_entry AS e CROSS JOIN LATERAL unnest(e.document) AS w;
