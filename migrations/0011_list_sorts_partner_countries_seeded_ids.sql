-- Brobygger registry schema, version 11: every documented sort read from an index, the countries of a
-- project's partners kept in a table of their own, and the ids of seeded records indexed apart.
--
-- Lists sort empty values last: `ORDER BY (column) IS NULL, column [DESC], id` (columns declared NOT NULL
-- drop the first term). With an index in exactly that order a page of 100 is read from the index instead of
-- sorting every record of the kind; 0006 and 0007 hold the first of them.
CREATE INDEX project_by_name_descending ON project (name DESC, id);
CREATE INDEX project_by_acronym ON project ((acronym IS NULL), acronym, id);
CREATE INDEX project_by_acronym_descending ON project ((acronym IS NULL), acronym DESC, id);
CREATE INDEX project_by_end ON project ((end_date IS NULL), end_date, id);
CREATE INDEX project_by_end_descending ON project ((end_date IS NULL), end_date DESC, id);
CREATE INDEX project_by_eu_funding ON project ((eu_funding_cents IS NULL), eu_funding_cents, id);
CREATE INDEX project_by_eu_funding_descending ON project ((eu_funding_cents IS NULL), eu_funding_cents DESC, id);
CREATE INDEX project_by_rate ON project ((co_financing_rate_ppm IS NULL), co_financing_rate_ppm, id);
CREATE INDEX project_by_rate_descending ON project ((co_financing_rate_ppm IS NULL), co_financing_rate_ppm DESC, id);
CREATE INDEX project_by_kind ON project (kind, id);
CREATE INDEX project_by_kind_descending ON project (kind DESC, id);

CREATE INDEX organisation_by_name_descending ON organisation (name DESC, id);
CREATE INDEX organisation_by_kind ON organisation (kind, id);
CREATE INDEX organisation_by_kind_descending ON organisation (kind DESC, id);
CREATE INDEX organisation_by_country_sorted ON organisation ((country IS NULL), country, id);
CREATE INDEX organisation_by_country_descending ON organisation ((country IS NULL), country DESC, id);

-- A filter by equality lists in id order from an index of (value, id), not by sorting every match.
DROP INDEX organisation_by_country;
CREATE INDEX organisation_by_country ON organisation (country, id);
DROP INDEX project_by_programme;
CREATE INDEX project_by_programme ON project (programme_id, id);

CREATE INDEX partnership_by_name ON partnership (name, id);
CREATE INDEX partnership_by_name_descending ON partnership (name DESC, id);
CREATE INDEX partnership_by_kind ON partnership (kind, id);
CREATE INDEX partnership_by_kind_descending ON partnership (kind DESC, id);
CREATE INDEX partnership_by_signed ON partnership ((signed IS NULL), signed, id);
CREATE INDEX partnership_by_signed_descending ON partnership ((signed IS NULL), signed DESC, id);
CREATE INDEX partnership_by_start ON partnership ((coalesce(start_date, signed) IS NULL), coalesce(start_date, signed), id);
CREATE INDEX partnership_by_start_descending ON partnership ((coalesce(start_date, signed) IS NULL), coalesce(start_date, signed) DESC, id);
CREATE INDEX partnership_by_end ON partnership ((end_date IS NULL), end_date, id);
CREATE INDEX partnership_by_end_descending ON partnership ((end_date IS NULL), end_date DESC, id);

CREATE INDEX region_by_name ON region (name, id);
CREATE INDEX region_by_name_descending ON region (name DESC, id);
CREATE INDEX region_by_kind ON region (kind, id);
CREATE INDEX region_by_kind_descending ON region (kind DESC, id);

CREATE INDEX programme_by_name ON programme (name, id);
CREATE INDEX programme_by_name_descending ON programme (name DESC, id);
CREATE INDEX programme_by_start ON programme ((start_date IS NULL), start_date, id);
CREATE INDEX programme_by_start_descending ON programme ((start_date IS NULL), start_date DESC, id);
CREATE INDEX programme_by_end ON programme ((end_date IS NULL), end_date, id);
CREATE INDEX programme_by_end_descending ON programme ((end_date IS NULL), end_date DESC, id);

CREATE INDEX person_by_name ON person (name, id);
CREATE INDEX person_by_name_descending ON person (name DESC, id);
CREATE INDEX theme_by_name ON theme (name, id);
CREATE INDEX theme_by_name_descending ON theme (name DESC, id);

-- The countries a project's partners are in: the country the project lists for a partner, else the
-- partner organisation's. `?country=` on projects reads it, and its count is a range of this table's key
-- instead of a union over every partner row of the country. Triggers keep it current whatever writes the
-- partners or the organisations, so that no writer has to remember it.
CREATE TABLE project_country (
    country     TEXT NOT NULL,
    project_id  TEXT NOT NULL,
    PRIMARY KEY (country, project_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX project_country_by_project ON project_country (project_id);

-- Each partner row's country: its own, else its organisation's.
CREATE VIEW project_partner_country AS
SELECT coalesce(pp.country, o.country) AS country, pp.project_id, pp.organisation_id, pp.country AS listed_country
FROM project_partner AS pp LEFT JOIN organisation AS o ON o.id = pp.organisation_id
WHERE coalesce(pp.country, o.country) IS NOT NULL;

INSERT OR IGNORE INTO project_country (country, project_id) SELECT country, project_id FROM project_partner_country;

-- A partner row that comes, goes or changes, or an organisation whose country counts for partners that list
-- none of their own, makes the countries of the projects concerned again from their partners (a handful of
-- rows each).
CREATE TRIGGER project_country_on_partner_insert AFTER INSERT ON project_partner BEGIN
    INSERT OR IGNORE INTO project_country (country, project_id)
    SELECT country, project_id FROM project_partner_country WHERE project_id = NEW.project_id;
END;

CREATE TRIGGER project_country_on_partner_delete AFTER DELETE ON project_partner BEGIN
    DELETE FROM project_country WHERE project_id = OLD.project_id;
    INSERT OR IGNORE INTO project_country (country, project_id)
    SELECT country, project_id FROM project_partner_country WHERE project_id = OLD.project_id;
END;

CREATE TRIGGER project_country_on_partner_update AFTER UPDATE ON project_partner BEGIN
    DELETE FROM project_country WHERE project_id IN (OLD.project_id, NEW.project_id);
    INSERT OR IGNORE INTO project_country (country, project_id)
    SELECT country, project_id FROM project_partner_country WHERE project_id IN (OLD.project_id, NEW.project_id);
END;

CREATE TRIGGER project_country_on_organisation_insert AFTER INSERT ON organisation WHEN NEW.country IS NOT NULL BEGIN
    INSERT OR IGNORE INTO project_country (country, project_id)
    SELECT country, project_id FROM project_partner_country WHERE organisation_id = NEW.id AND listed_country IS NULL;
END;

CREATE TRIGGER project_country_on_organisation_change AFTER UPDATE OF country ON organisation
WHEN OLD.country IS NOT NEW.country BEGIN
    DELETE FROM project_country WHERE project_id IN
        (SELECT project_id FROM project_partner WHERE organisation_id = NEW.id AND country IS NULL);
    INSERT OR IGNORE INTO project_country (country, project_id)
    SELECT country, project_id FROM project_partner_country WHERE project_id IN
        (SELECT project_id FROM project_partner WHERE organisation_id = NEW.id AND country IS NULL);
END;

CREATE TRIGGER project_country_on_organisation_delete AFTER DELETE ON organisation BEGIN
    DELETE FROM project_country WHERE project_id IN
        (SELECT project_id FROM project_partner WHERE organisation_id = OLD.id AND country IS NULL);
    INSERT OR IGNORE INTO project_country (country, project_id)
    SELECT country, project_id FROM project_partner_country WHERE project_id IN
        (SELECT project_id FROM project_partner WHERE organisation_id = OLD.id AND country IS NULL);
END;

-- The seed loader compares the seeded records of each kind with the seeds at every start: these partial
-- indexes hold just their ids, so that a start does not read every record of a large registry.
CREATE INDEX project_seeded ON project (id) WHERE origin = 'seed';
CREATE INDEX partnership_seeded ON partnership (id) WHERE origin = 'seed';
CREATE INDEX organisation_seeded ON organisation (id) WHERE origin = 'seed';
CREATE INDEX region_seeded ON region (id) WHERE origin = 'seed';
CREATE INDEX programme_seeded ON programme (id) WHERE origin = 'seed';
CREATE INDEX person_seeded ON person (id) WHERE origin = 'seed';
CREATE INDEX theme_seeded ON theme (id) WHERE origin = 'seed';
