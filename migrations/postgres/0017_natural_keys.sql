-- Brobygger registry schema for PostgreSQL, version 17 (the pair of migrations/0017_natural_keys.sql): records
-- found by their natural key. An import finds the registry's record for each row through an index on one field
-- of the row's natural key; a project's acronym and title had none, so each import read every project.

CREATE INDEX project_by_acronym_exact ON project (acronym) WHERE acronym IS NOT NULL;
CREATE INDEX project_by_title ON project ((served::jsonb ->> 'title'));
