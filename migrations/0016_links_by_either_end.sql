-- Brobygger registry schema, version 16: links found from either end.
--
-- A link between two records is stored with the record that states it: a project's predecessor and successor,
-- an organisation's parent, a region's office and members, a person's roles. Each was indexed only from that
-- record. Two things look them up from the other end: the cooperation network, which after a write reads the
-- links that reach the record written, and SQLite's check of foreign keys when a record is deleted, which
-- looks for rows that still name it. Without these indexes both read the whole table (at 100,000 projects,
-- every project's row for a change of one). The partial indexes hold only the rows that name something.

CREATE INDEX project_by_predecessor ON project (predecessor_id) WHERE predecessor_id IS NOT NULL;
CREATE INDEX project_by_successor ON project (successor_id) WHERE successor_id IS NOT NULL;
CREATE INDEX organisation_by_parent ON organisation (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX region_by_office ON region (office_id) WHERE office_id IS NOT NULL;
CREATE INDEX region_member_by_organisation ON region_member (organisation_id);
CREATE INDEX person_role_by_organisation ON person_role (organisation_id) WHERE organisation_id IS NOT NULL;
CREATE INDEX person_role_by_partnership ON person_role (partnership_id) WHERE partnership_id IS NOT NULL;
CREATE INDEX person_role_by_region ON person_role (region_id) WHERE region_id IS NOT NULL;
