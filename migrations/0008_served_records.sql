-- Brobygger registry schema, version 8: records stored in the form they are served.
--
-- `served` holds each record's JSON as the API serves it (snake_case property names, sorted keys), so that a
-- read copies it instead of decoding and encoding the record; `name_en`, `name_da` and `name_de` hold its name
-- in each language the API serves (its translation, else its name). `record_related` holds every reference a
-- record's item shows among its related records, in the item's order, so that an item reads the names of all
-- of them in one statement. `quality_finding.served` is a finding as the API serves it.
--
-- The columns of the records already stored are derived by the store's SQL functions `served_json`,
-- `localized_name` and `related_references`, which run the code that writes new records.

ALTER TABLE theme ADD COLUMN served TEXT NOT NULL DEFAULT '{}';
ALTER TABLE theme ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE theme ADD COLUMN name_da TEXT NOT NULL DEFAULT '';
ALTER TABLE theme ADD COLUMN name_de TEXT NOT NULL DEFAULT '';
UPDATE theme SET served = served_json(data), name_en = localized_name('theme', data, 'en'),
    name_da = localized_name('theme', data, 'da'), name_de = localized_name('theme', data, 'de');

ALTER TABLE organisation ADD COLUMN served TEXT NOT NULL DEFAULT '{}';
ALTER TABLE organisation ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN name_da TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN name_de TEXT NOT NULL DEFAULT '';
UPDATE organisation SET served = served_json(data), name_en = localized_name('organisation', data, 'en'),
    name_da = localized_name('organisation', data, 'da'), name_de = localized_name('organisation', data, 'de');

ALTER TABLE region ADD COLUMN served TEXT NOT NULL DEFAULT '{}';
ALTER TABLE region ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE region ADD COLUMN name_da TEXT NOT NULL DEFAULT '';
ALTER TABLE region ADD COLUMN name_de TEXT NOT NULL DEFAULT '';
UPDATE region SET served = served_json(data), name_en = localized_name('region', data, 'en'),
    name_da = localized_name('region', data, 'da'), name_de = localized_name('region', data, 'de');

ALTER TABLE programme ADD COLUMN served TEXT NOT NULL DEFAULT '{}';
ALTER TABLE programme ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE programme ADD COLUMN name_da TEXT NOT NULL DEFAULT '';
ALTER TABLE programme ADD COLUMN name_de TEXT NOT NULL DEFAULT '';
UPDATE programme SET served = served_json(data), name_en = localized_name('programme', data, 'en'),
    name_da = localized_name('programme', data, 'da'), name_de = localized_name('programme', data, 'de');

ALTER TABLE partnership ADD COLUMN served TEXT NOT NULL DEFAULT '{}';
ALTER TABLE partnership ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE partnership ADD COLUMN name_da TEXT NOT NULL DEFAULT '';
ALTER TABLE partnership ADD COLUMN name_de TEXT NOT NULL DEFAULT '';
UPDATE partnership SET served = served_json(data), name_en = localized_name('partnership', data, 'en'),
    name_da = localized_name('partnership', data, 'da'), name_de = localized_name('partnership', data, 'de');

ALTER TABLE project ADD COLUMN served TEXT NOT NULL DEFAULT '{}';
ALTER TABLE project ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE project ADD COLUMN name_da TEXT NOT NULL DEFAULT '';
ALTER TABLE project ADD COLUMN name_de TEXT NOT NULL DEFAULT '';
UPDATE project SET served = served_json(data), name_en = localized_name('project', data, 'en'),
    name_da = localized_name('project', data, 'da'), name_de = localized_name('project', data, 'de');

ALTER TABLE person ADD COLUMN served TEXT NOT NULL DEFAULT '{}';
ALTER TABLE person ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN name_da TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN name_de TEXT NOT NULL DEFAULT '';
UPDATE person SET served = served_json(data), name_en = localized_name('person', data, 'en'),
    name_da = localized_name('person', data, 'da'), name_de = localized_name('person', data, 'de');

CREATE TABLE record_related (
    record_kind  TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    relation     TEXT NOT NULL,
    position     INTEGER NOT NULL,
    target_kind  TEXT NOT NULL,
    target_id    TEXT NOT NULL,
    role         TEXT,
    country      TEXT,
    PRIMARY KEY (record_kind, record_id, position)
) STRICT;
-- The records that refer to one (a programme's partnerships).
CREATE INDEX record_related_by_target ON record_related (target_kind, target_id, relation, record_kind, record_id);

INSERT INTO record_related (record_kind, record_id, relation, position, target_kind, target_id, role, country)
SELECT 'organisation', t.id, json_extract(r.value, '$[0]'), json_extract(r.value, '$[1]'), json_extract(r.value, '$[2]'),
       json_extract(r.value, '$[3]'), json_extract(r.value, '$[4]'), json_extract(r.value, '$[5]')
FROM organisation AS t, json_each(related_references('organisation', t.data)) AS r;

INSERT INTO record_related (record_kind, record_id, relation, position, target_kind, target_id, role, country)
SELECT 'region', t.id, json_extract(r.value, '$[0]'), json_extract(r.value, '$[1]'), json_extract(r.value, '$[2]'),
       json_extract(r.value, '$[3]'), json_extract(r.value, '$[4]'), json_extract(r.value, '$[5]')
FROM region AS t, json_each(related_references('region', t.data)) AS r;

INSERT INTO record_related (record_kind, record_id, relation, position, target_kind, target_id, role, country)
SELECT 'partnership', t.id, json_extract(r.value, '$[0]'), json_extract(r.value, '$[1]'), json_extract(r.value, '$[2]'),
       json_extract(r.value, '$[3]'), json_extract(r.value, '$[4]'), json_extract(r.value, '$[5]')
FROM partnership AS t, json_each(related_references('partnership', t.data)) AS r;

INSERT INTO record_related (record_kind, record_id, relation, position, target_kind, target_id, role, country)
SELECT 'project', t.id, json_extract(r.value, '$[0]'), json_extract(r.value, '$[1]'), json_extract(r.value, '$[2]'),
       json_extract(r.value, '$[3]'), json_extract(r.value, '$[4]'), json_extract(r.value, '$[5]')
FROM project AS t, json_each(related_references('project', t.data)) AS r;

INSERT INTO record_related (record_kind, record_id, relation, position, target_kind, target_id, role, country)
SELECT 'person', t.id, json_extract(r.value, '$[0]'), json_extract(r.value, '$[1]'), json_extract(r.value, '$[2]'),
       json_extract(r.value, '$[3]'), json_extract(r.value, '$[4]'), json_extract(r.value, '$[5]')
FROM person AS t, json_each(related_references('person', t.data)) AS r;

ALTER TABLE quality_finding ADD COLUMN served TEXT NOT NULL DEFAULT '{}';
UPDATE quality_finding SET served = served_json(data);
