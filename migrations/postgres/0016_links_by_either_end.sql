-- Brobygger registry schema for PostgreSQL, version 16 (the pair of migrations/0016_links_by_either_end.sql):
-- links found from either end. The cooperation network reads, after a write, the links that reach the record
-- written, and a deletion's foreign-key checks look for rows that still name the record: both from the end
-- that was not indexed before.

CREATE INDEX project_by_predecessor ON project (predecessor_id) WHERE predecessor_id IS NOT NULL;
CREATE INDEX project_by_successor ON project (successor_id) WHERE successor_id IS NOT NULL;
CREATE INDEX organisation_by_parent ON organisation (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX region_by_office ON region (office_id) WHERE office_id IS NOT NULL;
CREATE INDEX region_member_by_organisation ON region_member (organisation_id);
CREATE INDEX person_role_by_organisation ON person_role (organisation_id) WHERE organisation_id IS NOT NULL;
CREATE INDEX person_role_by_partnership ON person_role (partnership_id) WHERE partnership_id IS NOT NULL;
CREATE INDEX person_role_by_region ON person_role (region_id) WHERE region_id IS NOT NULL;
