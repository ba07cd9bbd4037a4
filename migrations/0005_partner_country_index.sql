-- Brobygger registry schema, version 5: project partners by country.
--
-- `/v1/projects?country=…` selects the projects with a partner in the country as the project lists it;
-- without this index every partner link was read.
CREATE INDEX project_partner_by_country ON project_partner (country, project_id);
