-- Brobygger registry schema, version 1.
--
-- Every record table keeps the whole record as JSON in `data` (the form the API serves) and copies
-- the fields that queries filter, sort or join on into typed columns. Link tables repeat the
-- references held in `data` so that foreign keys guard them and joins can use them.
-- Money is integer cents; rates are parts per million; dates are ISO 8601 text of reduced precision.
-- `origin` is 'seed' for records the seed loader owns and 'api' for records created through the API;
-- a seed load never changes or deletes an 'api' row.
-- Foreign keys are DEFERRABLE INITIALLY DEFERRED: a transaction may write records in any order and
-- is checked as a whole when it commits.

CREATE TABLE document (
    id            TEXT PRIMARY KEY,
    file_name     TEXT NOT NULL UNIQUE,
    language      TEXT NOT NULL,
    title         TEXT NOT NULL,
    source        TEXT,
    text          TEXT NOT NULL,
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
    scalar_count  INTEGER NOT NULL CHECK (scalar_count >= 0)
) STRICT;

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
) STRICT;

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
) STRICT;
CREATE INDEX organisation_by_country ON organisation (country);

CREATE TABLE region (
    id           TEXT PRIMARY KEY,
    origin       TEXT NOT NULL CHECK (origin IN ('seed', 'api')),
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    office_id    TEXT REFERENCES organisation (id) DEFERRABLE INITIALLY DEFERRED,
    source_file  TEXT,
    data         TEXT NOT NULL CHECK (json_valid(data))
) STRICT;

CREATE TABLE programme (
    id           TEXT PRIMARY KEY,
    origin       TEXT NOT NULL CHECK (origin IN ('seed', 'api')),
    name         TEXT NOT NULL,
    start_date   TEXT,
    end_date     TEXT,
    source_file  TEXT,
    data         TEXT NOT NULL CHECK (json_valid(data))
) STRICT;

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
) STRICT;

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
) STRICT;

CREATE TABLE person (
    id           TEXT PRIMARY KEY,
    origin       TEXT NOT NULL CHECK (origin IN ('seed', 'api')),
    name         TEXT NOT NULL,
    source_file  TEXT,
    data         TEXT NOT NULL CHECK (json_valid(data))
) STRICT;

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

CREATE TABLE project_partner (
    project_id       TEXT NOT NULL REFERENCES project (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    position         INTEGER NOT NULL,
    organisation_id  TEXT NOT NULL REFERENCES organisation (id) DEFERRABLE INITIALLY DEFERRED,
    listed_name      TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('lead', 'partner')),
    country          TEXT,
    PRIMARY KEY (project_id, position)
) STRICT;
CREATE INDEX project_partner_by_organisation ON project_partner (organisation_id);

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

-- Theme links of any record kind; `record_kind` names the table of `record_id`.
CREATE TABLE record_theme (
    record_kind  TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    theme_id     TEXT NOT NULL REFERENCES theme (id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (record_kind, record_id, theme_id)
) STRICT;
CREATE INDEX record_theme_by_theme ON record_theme (theme_id);

-- Evidence of any record kind. Offsets are in Unicode scalars, half-open [start_offset, end_offset).
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
) STRICT;
CREATE INDEX quality_finding_by_record ON quality_finding (record_kind, record_id);

-- One row per seed load that changed the database.
CREATE TABLE seed_load (
    id           INTEGER PRIMARY KEY,
    loaded_at    TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    summary      TEXT NOT NULL CHECK (json_valid(summary))
) STRICT;
