-- Brobygger registry schema for PostgreSQL, version 19: a passage's words removed through the posting lists' key.
-- It has no pair among the SQLite migrations (the next migration of both engines takes the next number free on
-- both, 0020).
--
-- Version 18 removed the words of the passages a statement deleted or changed by joining the transition table's
-- words with `search_term`. The planner knows nothing of a transition table's size, and for the one passage of a
-- write it read the whole posting table by a hash join: every write that replaced a record's search entry took
-- milliseconds, growing with the index. Each passage's words are now removed by the table's key, the words as
-- an array and the entry: one probe of the key per word.

CREATE OR REPLACE FUNCTION search_terms_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    gone record;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        FOR gone IN SELECT r.id, tsvector_to_array(r.document) AS terms FROM removed AS r LOOP
            DELETE FROM search_term WHERE term = ANY (gone.terms) AND entry = gone.id;
        END LOOP;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO search_term (term, entry, in_name, in_text)
        SELECT w.lexeme, a.id, 'A' = ANY (w.weights), 'B' = ANY (w.weights)
        FROM added AS a CROSS JOIN LATERAL unnest(a.document) AS w;
    END IF;
    RETURN NULL;
END
$$;
