-- Brobygger registry schema, version 7: projects in order of budget and of start.
--
-- Lists sort empty values last: `ORDER BY (column) IS NULL, column [DESC], id`. These indexes hold that
-- order for the sorts readers of a registry of projects use most (`sort=-total_budget`, `sort=start`,
-- either way), so a page is read from the index instead of sorting every project.
CREATE INDEX project_by_budget_descending ON project ((total_budget_cents IS NULL), total_budget_cents DESC, id);
CREATE INDEX project_by_budget ON project ((total_budget_cents IS NULL), total_budget_cents, id);
CREATE INDEX project_by_start_descending ON project ((start_date IS NULL), start_date DESC, id);
CREATE INDEX project_by_start ON project ((start_date IS NULL), start_date, id);
