-- Brobygger registry schema, version 15: associated partners.
--
-- Interreg projects list associated partners (AP) beside the lead (LP) and the partners (PP): organisations that
-- take part without a budget of their own. A project's partner may now have the role `associated`. SQLite
-- cannot change a CHECK constraint in place, so `project_partner` is made again with the wider check, its rows
-- copied, and its indexes and triggers made again. With legacy_alter_table the rename leaves the views and the
-- other tables' triggers that name `project_partner` as they are: they name the new table once it has the name.
-- (Dropping the old table deletes its rows without firing triggers, so `project_country` stays as it is.)

PRAGMA legacy_alter_table = ON;

CREATE TABLE project_partner_with_associates (
    project_id       TEXT NOT NULL REFERENCES project (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    position         INTEGER NOT NULL,
    organisation_id  TEXT NOT NULL REFERENCES organisation (id) DEFERRABLE INITIALLY DEFERRED,
    listed_name      TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('lead', 'partner', 'associated')),
    country          TEXT,
    PRIMARY KEY (project_id, position)
) STRICT;

INSERT INTO project_partner_with_associates (project_id, position, organisation_id, listed_name, role, country)
SELECT project_id, position, organisation_id, listed_name, role, country FROM project_partner;

DROP TABLE project_partner;
ALTER TABLE project_partner_with_associates RENAME TO project_partner;

PRAGMA legacy_alter_table = OFF;

CREATE INDEX project_partner_by_organisation ON project_partner (organisation_id);

CREATE INDEX project_partner_by_country ON project_partner (country, project_id);

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
