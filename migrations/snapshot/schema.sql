-- brobygger schema snapshot of migrations 4482b888c95cc9378ab2796f22b44a6822a5891d17aa5c9d860d7ccc3090803e
-- Made by `BROBYGGER_WRITE_SNAPSHOT=1 swift test --filter SchemaSnapshotTests` from the migrations
-- beside this directory; a new database gets this schema at once instead of running each of them.

CREATE TABLE place (
    id       TEXT PRIMARY KEY,
    kind     TEXT NOT NULL,
    country  TEXT NOT NULL CHECK (length(country) = 2),
    nuts     TEXT,
    within   TEXT REFERENCES place (id) DEFERRABLE INITIALLY DEFERRED,
    data     TEXT NOT NULL CHECK (json_valid(data))
) STRICT;

CREATE TABLE place_name (
    place_id  TEXT NOT NULL REFERENCES place (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    name      TEXT NOT NULL,
    language  TEXT,
    PRIMARY KEY (place_id, name)
) STRICT;

CREATE INDEX place_name_by_name ON place_name (name);

CREATE TABLE theme (
    id           TEXT PRIMARY KEY,
    origin       TEXT NOT NULL CHECK (origin IN ('seed', 'api')),
    name         TEXT NOT NULL,
    label_en     TEXT NOT NULL,
    label_da     TEXT NOT NULL,
    label_de     TEXT NOT NULL,
    source_file  TEXT,
    data         TEXT NOT NULL CHECK (json_valid(data))
, served TEXT NOT NULL DEFAULT '{}', name_en TEXT NOT NULL DEFAULT '', name_da TEXT NOT NULL DEFAULT '', name_de TEXT NOT NULL DEFAULT '') STRICT;

CREATE TABLE organisation (
    id           TEXT PRIMARY KEY,
    origin       TEXT NOT NULL CHECK (origin IN ('seed', 'api')),
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    country      TEXT CHECK (country IS NULL OR length(country) = 2),
    nuts         TEXT,
    place_id     TEXT REFERENCES place (id) DEFERRABLE INITIALLY DEFERRED,
    parent_id    TEXT REFERENCES organisation (id) DEFERRABLE INITIALLY DEFERRED,
    source_file  TEXT,
    data         TEXT NOT NULL CHECK (json_valid(data))
, served TEXT NOT NULL DEFAULT '{}', name_en TEXT NOT NULL DEFAULT '', name_da TEXT NOT NULL DEFAULT '', name_de TEXT NOT NULL DEFAULT '') STRICT;

CREATE TABLE region (
    id           TEXT PRIMARY KEY,
    origin       TEXT NOT NULL CHECK (origin IN ('seed', 'api')),
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    office_id    TEXT REFERENCES organisation (id) DEFERRABLE INITIALLY DEFERRED,
    source_file  TEXT,
    data         TEXT NOT NULL CHECK (json_valid(data))
, served TEXT NOT NULL DEFAULT '{}', name_en TEXT NOT NULL DEFAULT '', name_da TEXT NOT NULL DEFAULT '', name_de TEXT NOT NULL DEFAULT '') STRICT;

CREATE TABLE programme (
    id           TEXT PRIMARY KEY,
    origin       TEXT NOT NULL CHECK (origin IN ('seed', 'api')),
    name         TEXT NOT NULL,
    start_date   TEXT,
    end_date     TEXT,
    source_file  TEXT,
    data         TEXT NOT NULL CHECK (json_valid(data))
, served TEXT NOT NULL DEFAULT '{}', name_en TEXT NOT NULL DEFAULT '', name_da TEXT NOT NULL DEFAULT '', name_de TEXT NOT NULL DEFAULT '') STRICT;

CREATE TABLE partnership (
    id           TEXT PRIMARY KEY,
    origin       TEXT NOT NULL CHECK (origin IN ('seed', 'api')),
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    signed       TEXT,
    start_date   TEXT,
    end_date     TEXT,
    source_file  TEXT,
    data         TEXT NOT NULL CHECK (json_valid(data))
, served TEXT NOT NULL DEFAULT '{}', name_en TEXT NOT NULL DEFAULT '', name_da TEXT NOT NULL DEFAULT '', name_de TEXT NOT NULL DEFAULT '') STRICT;

CREATE TABLE project (
    id                      TEXT PRIMARY KEY,
    origin                  TEXT NOT NULL CHECK (origin IN ('seed', 'api')),
    name                    TEXT NOT NULL,
    acronym                 TEXT,
    kind                    TEXT NOT NULL,
    programme_id            TEXT REFERENCES programme (id) DEFERRABLE INITIALLY DEFERRED,
    start_date              TEXT,
    end_date                TEXT,
    currency                TEXT,
    total_budget_cents      INTEGER,
    eu_funding_cents        INTEGER,
    co_financing_rate_ppm   INTEGER CHECK (co_financing_rate_ppm IS NULL OR co_financing_rate_ppm BETWEEN 0 AND 1000000),
    declared_partner_count  INTEGER,
    declared_country_count  INTEGER,
    predecessor_id          TEXT REFERENCES project (id) DEFERRABLE INITIALLY DEFERRED,
    successor_id            TEXT REFERENCES project (id) DEFERRABLE INITIALLY DEFERRED,
    source_file             TEXT,
    data                    TEXT NOT NULL CHECK (json_valid(data))
, served TEXT NOT NULL DEFAULT '{}', name_en TEXT NOT NULL DEFAULT '', name_da TEXT NOT NULL DEFAULT '', name_de TEXT NOT NULL DEFAULT '') STRICT;

CREATE TABLE person (
    id           TEXT PRIMARY KEY,
    origin       TEXT NOT NULL CHECK (origin IN ('seed', 'api')),
    name         TEXT NOT NULL,
    source_file  TEXT,
    data         TEXT NOT NULL CHECK (json_valid(data))
, served TEXT NOT NULL DEFAULT '{}', name_en TEXT NOT NULL DEFAULT '', name_da TEXT NOT NULL DEFAULT '', name_de TEXT NOT NULL DEFAULT '', served_public TEXT NOT NULL DEFAULT '{}') STRICT;

CREATE TABLE partnership_party (
    partnership_id   TEXT NOT NULL REFERENCES partnership (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    position         INTEGER NOT NULL,
    organisation_id  TEXT REFERENCES organisation (id) DEFERRABLE INITIALLY DEFERRED,
    region_id        TEXT REFERENCES region (id) DEFERRABLE INITIALLY DEFERRED,
    role             TEXT NOT NULL,
    PRIMARY KEY (partnership_id, position),
    CHECK ((organisation_id IS NULL) <> (region_id IS NULL))
) STRICT;

CREATE INDEX partnership_party_by_organisation ON partnership_party (organisation_id);

CREATE INDEX partnership_party_by_region ON partnership_party (region_id);

CREATE TABLE region_member (
    region_id        TEXT NOT NULL REFERENCES region (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    organisation_id  TEXT NOT NULL REFERENCES organisation (id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (region_id, organisation_id)
) STRICT;

CREATE TABLE person_role (
    person_id        TEXT NOT NULL REFERENCES person (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    position         INTEGER NOT NULL,
    role             TEXT NOT NULL,
    organisation_id  TEXT REFERENCES organisation (id) DEFERRABLE INITIALLY DEFERRED,
    partnership_id   TEXT REFERENCES partnership (id) DEFERRABLE INITIALLY DEFERRED,
    region_id        TEXT REFERENCES region (id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (person_id, position)
) STRICT;

CREATE TABLE record_theme (
    record_kind  TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    theme_id     TEXT NOT NULL REFERENCES theme (id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (record_kind, record_id, theme_id)
) STRICT;

CREATE TABLE evidence (
    record_kind   TEXT NOT NULL,
    record_id     TEXT NOT NULL,
    position      INTEGER NOT NULL,
    field         TEXT,
    document_id   TEXT NOT NULL REFERENCES document (id) DEFERRABLE INITIALLY DEFERRED,
    quote         TEXT NOT NULL,
    start_offset  INTEGER NOT NULL CHECK (start_offset >= 0),
    end_offset    INTEGER NOT NULL CHECK (end_offset >= start_offset),
    PRIMARY KEY (record_kind, record_id, position)
) STRICT;

CREATE INDEX evidence_by_document ON evidence (document_id);

CREATE TABLE quality_finding (
    id           TEXT PRIMARY KEY,
    record_kind  TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    check_name   TEXT NOT NULL,
    severity     TEXT NOT NULL CHECK (severity IN ('passed', 'notice', 'warning')),
    field        TEXT,
    declared     TEXT,
    computed     TEXT,
    message      TEXT NOT NULL,
    data         TEXT NOT NULL CHECK (json_valid(data))
, served TEXT NOT NULL DEFAULT '{}') STRICT;

CREATE INDEX quality_finding_by_record ON quality_finding (record_kind, record_id);

CREATE TABLE seed_load (
    id           INTEGER PRIMARY KEY,
    loaded_at    TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    summary      TEXT NOT NULL CHECK (json_valid(summary))
) STRICT;

CREATE TABLE search_entry (
    id         INTEGER PRIMARY KEY,
    type       TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    label      TEXT NOT NULL,
    labels     TEXT NOT NULL CHECK (json_valid(labels)),
    name_text  TEXT NOT NULL,
    body_text  TEXT NOT NULL,
    name       TEXT NOT NULL,
    body       TEXT NOT NULL
) STRICT;

CREATE INDEX search_entry_by_record ON search_entry (type, record_id);

CREATE TABLE search_alias (
    group_key  TEXT NOT NULL,
    spelling   TEXT NOT NULL,
    PRIMARY KEY (group_key, spelling)
) STRICT;

CREATE INDEX search_alias_by_spelling ON search_alias (spelling);

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

CREATE TABLE instance_secret (
    name   TEXT PRIMARY KEY,
    value  BLOB NOT NULL CHECK (length(value) >= 16)
) STRICT;

CREATE INDEX project_by_name ON project (name, id);

CREATE INDEX organisation_by_name ON organisation (name, id);

CREATE INDEX project_by_budget_descending ON project ((total_budget_cents IS NULL), total_budget_cents DESC, id);

CREATE INDEX project_by_budget ON project ((total_budget_cents IS NULL), total_budget_cents, id);

CREATE INDEX project_by_start_descending ON project ((start_date IS NULL), start_date DESC, id);

CREATE INDEX project_by_start ON project ((start_date IS NULL), start_date, id);

CREATE TABLE access_token (
    name           TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
    scope          TEXT NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
    secret_sha256  BLOB NOT NULL UNIQUE CHECK (length(secret_sha256) = 32),
    created_at     TEXT NOT NULL,
    last_used_at   TEXT,
    revoked_at     TEXT
) STRICT;

CREATE TABLE seed_override (
    record_kind  TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    source_file  TEXT,
    data         TEXT NOT NULL CHECK (json_valid(data)), findings TEXT CHECK (findings IS NULL OR json_valid(findings)),
    PRIMARY KEY (record_kind, record_id)
) STRICT;

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

CREATE INDEX organisation_by_country ON organisation (country, id);

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

CREATE TABLE project_country (
    country     TEXT NOT NULL,
    project_id  TEXT NOT NULL,
    PRIMARY KEY (country, project_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX project_country_by_project ON project_country (project_id);

CREATE VIEW project_partner_country AS
SELECT coalesce(pp.country, o.country) AS country, pp.project_id, pp.organisation_id, pp.country AS listed_country
FROM project_partner AS pp LEFT JOIN organisation AS o ON o.id = pp.organisation_id
WHERE coalesce(pp.country, o.country) IS NOT NULL;

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

CREATE INDEX project_seeded ON project (id) WHERE origin = 'seed';

CREATE INDEX partnership_seeded ON partnership (id) WHERE origin = 'seed';

CREATE INDEX organisation_seeded ON organisation (id) WHERE origin = 'seed';

CREATE INDEX region_seeded ON region (id) WHERE origin = 'seed';

CREATE INDEX programme_seeded ON programme (id) WHERE origin = 'seed';

CREATE INDEX person_seeded ON person (id) WHERE origin = 'seed';

CREATE INDEX theme_seeded ON theme (id) WHERE origin = 'seed';

CREATE TABLE "change" (
    id           INTEGER PRIMARY KEY,
    changed_at   TEXT NOT NULL,
    author       TEXT NOT NULL,
    operation    TEXT NOT NULL CHECK (operation IN ('create', 'replace', 'update', 'delete', 'reset', 'import')),
    record_kind  TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    before       TEXT CHECK (before IS NULL OR json_valid(before)),
    after        TEXT CHECK (after IS NULL OR json_valid(after)),
    reason       TEXT,
    before_public TEXT CHECK (before_public IS NULL OR json_valid(before_public)),
    after_public  TEXT CHECK (after_public IS NULL OR json_valid(after_public))
) STRICT;

CREATE INDEX change_by_record ON change (record_kind, record_id, id);

CREATE INDEX change_by_time ON change (changed_at, id);

CREATE TABLE change_record (
    record_kind   TEXT NOT NULL,
    record_id     TEXT NOT NULL,
    change_id     INTEGER NOT NULL REFERENCES change (id),
    before        TEXT CHECK (before IS NULL OR json_valid(before)),
    before_public TEXT CHECK (before_public IS NULL OR json_valid(before_public)),
    PRIMARY KEY (record_kind, record_id, change_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX change_record_by_change ON change_record (change_id);

CREATE TABLE "record_related" (
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

CREATE VIEW record_names AS
    SELECT 'theme' AS kind, id, name_en, name_da, name_de, NULL AS country FROM theme
    UNION ALL SELECT 'organisation', id, name_en, name_da, name_de, country FROM organisation
    UNION ALL SELECT 'region', id, name_en, name_da, name_de, NULL FROM region
    UNION ALL SELECT 'programme', id, name_en, name_da, name_de, NULL FROM programme
    UNION ALL SELECT 'partnership', id, name_en, name_da, name_de, NULL FROM partnership
    UNION ALL SELECT 'project', id, name_en, name_da, name_de, NULL FROM project
    UNION ALL SELECT 'person', id, name_en, name_da, name_de, NULL FROM person;

CREATE INDEX record_related_by_target ON record_related (target_kind, target_id, relation, record_kind, record_id);

CREATE TRIGGER record_related_named_on_insert AFTER INSERT ON record_related BEGIN
    UPDATE record_related SET (target_name_en, target_name_da, target_name_de, target_country) =
        (SELECT name_en, name_da, name_de, country FROM record_names WHERE kind = NEW.target_kind AND id = NEW.target_id)
    WHERE record_kind = NEW.record_kind AND record_id = NEW.record_id AND relation = NEW.relation AND position = NEW.position;
END;

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

CREATE TABLE "project_partner" (
    project_id       TEXT NOT NULL REFERENCES project (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    position         INTEGER NOT NULL,
    organisation_id  TEXT NOT NULL REFERENCES organisation (id) DEFERRABLE INITIALLY DEFERRED,
    listed_name      TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('lead', 'partner', 'associated')),
    country          TEXT,
    PRIMARY KEY (project_id, position)
) STRICT;

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

CREATE INDEX project_by_predecessor ON project (predecessor_id) WHERE predecessor_id IS NOT NULL;

CREATE INDEX project_by_successor ON project (successor_id) WHERE successor_id IS NOT NULL;

CREATE INDEX organisation_by_parent ON organisation (parent_id) WHERE parent_id IS NOT NULL;

CREATE INDEX region_by_office ON region (office_id) WHERE office_id IS NOT NULL;

CREATE INDEX region_member_by_organisation ON region_member (organisation_id);

CREATE INDEX person_role_by_organisation ON person_role (organisation_id) WHERE organisation_id IS NOT NULL;

CREATE INDEX person_role_by_partnership ON person_role (partnership_id) WHERE partnership_id IS NOT NULL;

CREATE INDEX person_role_by_region ON person_role (region_id) WHERE region_id IS NOT NULL;

CREATE INDEX project_by_acronym_exact ON project (acronym) WHERE acronym IS NOT NULL;

CREATE INDEX project_by_title ON project (json_extract(served, '$.title'));

CREATE INDEX search_entry_record_by_entry ON search_entry (id, record_id);

CREATE INDEX place_by_nuts ON place (nuts) WHERE nuts IS NOT NULL;

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

CREATE INDEX record_theme_by_theme ON record_theme (theme_id, record_kind, record_id);
