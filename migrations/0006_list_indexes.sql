-- Brobygger registry schema, version 6: indexes for lists.
--
-- A programme's projects (`/v1/projects?programme=…`, `/v1/programmes/{id}`) and organisations and
-- projects sorted by name read an index instead of every row.
CREATE INDEX project_by_programme ON project (programme_id);
CREATE INDEX project_by_name ON project (name, id);
CREATE INDEX organisation_by_name ON organisation (name, id);
