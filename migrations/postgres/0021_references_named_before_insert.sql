-- Brobygger registry schema for PostgreSQL, version 21: a reference takes its target's names as it is inserted,
-- read from the one table its kind names. It has no pair among the SQLite migrations (the next migration of both
-- engines takes the next number free on both, 0022).
--
-- Version 1 named a reference after its insert, by an UPDATE of the new row whose names came from the view of
-- every kind's names (`record_names`, seven tables). PL/pgSQL plans such a statement anew at each call while a
-- plan for the call's values (one table) looks cheaper than one for any values (all seven), which for this view
-- is always: every reference written cost a plan of the seven-table view, and a second version of its row. The
-- names are now set on the row before it is written, by a statement per kind whose one plan serves every call.

DROP TRIGGER record_related_named_on_insert ON record_related;

CREATE OR REPLACE FUNCTION record_related_named_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A target that is not there (yet) leaves the names NULL, as SELECT … INTO does when it finds no row.
    NEW.target_name_en := NULL;
    NEW.target_name_da := NULL;
    NEW.target_name_de := NULL;
    NEW.target_country := NULL;
    CASE NEW.target_kind
        WHEN 'organisation' THEN
            SELECT name_en, name_da, name_de, country
            INTO NEW.target_name_en, NEW.target_name_da, NEW.target_name_de, NEW.target_country
            FROM organisation WHERE id = NEW.target_id;
        WHEN 'theme' THEN
            SELECT name_en, name_da, name_de INTO NEW.target_name_en, NEW.target_name_da, NEW.target_name_de
            FROM theme WHERE id = NEW.target_id;
        WHEN 'region' THEN
            SELECT name_en, name_da, name_de INTO NEW.target_name_en, NEW.target_name_da, NEW.target_name_de
            FROM region WHERE id = NEW.target_id;
        WHEN 'programme' THEN
            SELECT name_en, name_da, name_de INTO NEW.target_name_en, NEW.target_name_da, NEW.target_name_de
            FROM programme WHERE id = NEW.target_id;
        WHEN 'partnership' THEN
            SELECT name_en, name_da, name_de INTO NEW.target_name_en, NEW.target_name_da, NEW.target_name_de
            FROM partnership WHERE id = NEW.target_id;
        WHEN 'project' THEN
            SELECT name_en, name_da, name_de INTO NEW.target_name_en, NEW.target_name_da, NEW.target_name_de
            FROM project WHERE id = NEW.target_id;
        WHEN 'person' THEN
            SELECT name_en, name_da, name_de INTO NEW.target_name_en, NEW.target_name_da, NEW.target_name_de
            FROM person WHERE id = NEW.target_id;
        ELSE
            NULL;
    END CASE;
    RETURN NEW;
END
$$;

CREATE TRIGGER record_related_named_on_insert BEFORE INSERT ON record_related
FOR EACH ROW EXECUTE FUNCTION record_related_named_on_insert();
