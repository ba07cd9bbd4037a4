-- Brobygger registry schema, version 14: the names of related records kept beside the references.
--
-- An item shows every record it refers to by name. Reading those names from the records' own tables meant a
-- search of each table's id index and a walk past the record's large `data` and `served` columns for every
-- reference. `record_related` now holds each target's names (and an organisation's country) itself, kept by
-- the triggers below whenever a reference is written or the record it names is created, renamed or deleted,
-- whoever writes; and it is stored in the order an item shows its references (WITHOUT ROWID, keyed by
-- record, relation and position), so an item reads one range of one table with no lookups and no sort.
-- A reference to a record that does not exist has no names.

CREATE TABLE record_related_named (
    record_kind     TEXT NOT NULL,
    record_id       TEXT NOT NULL,
    relation        TEXT NOT NULL,
    position        INTEGER NOT NULL,
    target_kind     TEXT NOT NULL,
    target_id       TEXT NOT NULL,
    role            TEXT,
    country         TEXT,
    target_name_en  TEXT,
    target_name_da  TEXT,
    target_name_de  TEXT,
    target_country  TEXT,
    PRIMARY KEY (record_kind, record_id, relation, position)
) WITHOUT ROWID, STRICT;

-- The names of every record, by kind and id.
CREATE VIEW record_names AS
    SELECT 'theme' AS kind, id, name_en, name_da, name_de, NULL AS country FROM theme
    UNION ALL SELECT 'organisation', id, name_en, name_da, name_de, country FROM organisation
    UNION ALL SELECT 'region', id, name_en, name_da, name_de, NULL FROM region
    UNION ALL SELECT 'programme', id, name_en, name_da, name_de, NULL FROM programme
    UNION ALL SELECT 'partnership', id, name_en, name_da, name_de, NULL FROM partnership
    UNION ALL SELECT 'project', id, name_en, name_da, name_de, NULL FROM project
    UNION ALL SELECT 'person', id, name_en, name_da, name_de, NULL FROM person;

INSERT INTO record_related_named
SELECT r.record_kind, r.record_id, r.relation, r.position, r.target_kind, r.target_id, r.role, r.country,
       n.name_en, n.name_da, n.name_de, n.country
FROM record_related AS r LEFT JOIN record_names AS n ON n.kind = r.target_kind AND n.id = r.target_id;

DROP TABLE record_related;
ALTER TABLE record_related_named RENAME TO record_related;
-- The records that refer to one (a programme's partnerships, what a deletion would leave dangling, renames).
CREATE INDEX record_related_by_target ON record_related (target_kind, target_id, relation, record_kind, record_id);

-- A reference takes the names of its target as it is written.
CREATE TRIGGER record_related_named_on_insert AFTER INSERT ON record_related BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) =
        (SELECT name_en, name_da, name_de, country FROM record_names WHERE kind = NEW.target_kind AND id = NEW.target_id)
    WHERE record_kind = NEW.record_kind AND record_id = NEW.record_id AND relation = NEW.relation AND position = NEW.position;
END;

-- References to the theme take its names when it is created, renamed or deleted.
CREATE TRIGGER record_related_names_on_theme_insert AFTER INSERT ON theme BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) =
        (NEW.name_en, NEW.name_da, NEW.name_de, NULL)
    WHERE target_kind = 'theme' AND target_id = NEW.id;
END;
CREATE TRIGGER record_related_names_on_theme_update AFTER UPDATE ON theme
WHEN OLD.name_en IS NOT NEW.name_en OR OLD.name_da IS NOT NEW.name_da OR OLD.name_de IS NOT NEW.name_de BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) =
        (NEW.name_en, NEW.name_da, NEW.name_de, NULL)
    WHERE target_kind = 'theme' AND target_id = NEW.id;
END;
CREATE TRIGGER record_related_names_on_theme_delete AFTER DELETE ON theme BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) = (NULL, NULL, NULL, NULL)
    WHERE target_kind = 'theme' AND target_id = OLD.id;
END;

-- References to the organisation take its names when it is created, renamed or deleted.
CREATE TRIGGER record_related_names_on_organisation_insert AFTER INSERT ON organisation BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) =
        (NEW.name_en, NEW.name_da, NEW.name_de, NEW.country)
    WHERE target_kind = 'organisation' AND target_id = NEW.id;
END;
CREATE TRIGGER record_related_names_on_organisation_update AFTER UPDATE ON organisation
WHEN OLD.name_en IS NOT NEW.name_en OR OLD.name_da IS NOT NEW.name_da OR OLD.name_de IS NOT NEW.name_de OR OLD.country IS NOT NEW.country BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) =
        (NEW.name_en, NEW.name_da, NEW.name_de, NEW.country)
    WHERE target_kind = 'organisation' AND target_id = NEW.id;
END;
CREATE TRIGGER record_related_names_on_organisation_delete AFTER DELETE ON organisation BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) = (NULL, NULL, NULL, NULL)
    WHERE target_kind = 'organisation' AND target_id = OLD.id;
END;

-- References to the region take its names when it is created, renamed or deleted.
CREATE TRIGGER record_related_names_on_region_insert AFTER INSERT ON region BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) =
        (NEW.name_en, NEW.name_da, NEW.name_de, NULL)
    WHERE target_kind = 'region' AND target_id = NEW.id;
END;
CREATE TRIGGER record_related_names_on_region_update AFTER UPDATE ON region
WHEN OLD.name_en IS NOT NEW.name_en OR OLD.name_da IS NOT NEW.name_da OR OLD.name_de IS NOT NEW.name_de BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) =
        (NEW.name_en, NEW.name_da, NEW.name_de, NULL)
    WHERE target_kind = 'region' AND target_id = NEW.id;
END;
CREATE TRIGGER record_related_names_on_region_delete AFTER DELETE ON region BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) = (NULL, NULL, NULL, NULL)
    WHERE target_kind = 'region' AND target_id = OLD.id;
END;

-- References to the programme take its names when it is created, renamed or deleted.
CREATE TRIGGER record_related_names_on_programme_insert AFTER INSERT ON programme BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) =
        (NEW.name_en, NEW.name_da, NEW.name_de, NULL)
    WHERE target_kind = 'programme' AND target_id = NEW.id;
END;
CREATE TRIGGER record_related_names_on_programme_update AFTER UPDATE ON programme
WHEN OLD.name_en IS NOT NEW.name_en OR OLD.name_da IS NOT NEW.name_da OR OLD.name_de IS NOT NEW.name_de BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) =
        (NEW.name_en, NEW.name_da, NEW.name_de, NULL)
    WHERE target_kind = 'programme' AND target_id = NEW.id;
END;
CREATE TRIGGER record_related_names_on_programme_delete AFTER DELETE ON programme BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) = (NULL, NULL, NULL, NULL)
    WHERE target_kind = 'programme' AND target_id = OLD.id;
END;

-- References to the partnership take its names when it is created, renamed or deleted.
CREATE TRIGGER record_related_names_on_partnership_insert AFTER INSERT ON partnership BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) =
        (NEW.name_en, NEW.name_da, NEW.name_de, NULL)
    WHERE target_kind = 'partnership' AND target_id = NEW.id;
END;
CREATE TRIGGER record_related_names_on_partnership_update AFTER UPDATE ON partnership
WHEN OLD.name_en IS NOT NEW.name_en OR OLD.name_da IS NOT NEW.name_da OR OLD.name_de IS NOT NEW.name_de BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) =
        (NEW.name_en, NEW.name_da, NEW.name_de, NULL)
    WHERE target_kind = 'partnership' AND target_id = NEW.id;
END;
CREATE TRIGGER record_related_names_on_partnership_delete AFTER DELETE ON partnership BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) = (NULL, NULL, NULL, NULL)
    WHERE target_kind = 'partnership' AND target_id = OLD.id;
END;

-- References to the project take its names when it is created, renamed or deleted.
CREATE TRIGGER record_related_names_on_project_insert AFTER INSERT ON project BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) =
        (NEW.name_en, NEW.name_da, NEW.name_de, NULL)
    WHERE target_kind = 'project' AND target_id = NEW.id;
END;
CREATE TRIGGER record_related_names_on_project_update AFTER UPDATE ON project
WHEN OLD.name_en IS NOT NEW.name_en OR OLD.name_da IS NOT NEW.name_da OR OLD.name_de IS NOT NEW.name_de BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) =
        (NEW.name_en, NEW.name_da, NEW.name_de, NULL)
    WHERE target_kind = 'project' AND target_id = NEW.id;
END;
CREATE TRIGGER record_related_names_on_project_delete AFTER DELETE ON project BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) = (NULL, NULL, NULL, NULL)
    WHERE target_kind = 'project' AND target_id = OLD.id;
END;

-- References to the person take its names when it is created, renamed or deleted.
CREATE TRIGGER record_related_names_on_person_insert AFTER INSERT ON person BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) =
        (NEW.name_en, NEW.name_da, NEW.name_de, NULL)
    WHERE target_kind = 'person' AND target_id = NEW.id;
END;
CREATE TRIGGER record_related_names_on_person_update AFTER UPDATE ON person
WHEN OLD.name_en IS NOT NEW.name_en OR OLD.name_da IS NOT NEW.name_da OR OLD.name_de IS NOT NEW.name_de BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) =
        (NEW.name_en, NEW.name_da, NEW.name_de, NULL)
    WHERE target_kind = 'person' AND target_id = NEW.id;
END;
CREATE TRIGGER record_related_names_on_person_delete AFTER DELETE ON person BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) = (NULL, NULL, NULL, NULL)
    WHERE target_kind = 'person' AND target_id = OLD.id;
END;
