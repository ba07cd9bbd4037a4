-- Brobygger registry schema, version 17: records found by their natural key.
--
-- An import finds the registry's record for each row by the row's natural key (a mapping's `key`), through an
-- index on one field of it (NaturalKeyProbe): an organisation's, region's, programme's, partnership's or
-- person's name and any record's id have one already; a project's acronym and title had none, so each import
-- read every project to find a few (at 100,000 projects, most of the time of a 40-row import, all of it spent
-- holding the write lock). The title is indexed as the served record holds it, the expression the import asks for.

CREATE INDEX project_by_acronym_exact ON project (acronym) WHERE acronym IS NOT NULL;
CREATE INDEX project_by_title ON project (json_extract(served, '$.title'));
