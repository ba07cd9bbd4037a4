-- Brobygger registry schema for PostgreSQL, version 15 (the pair of migrations/0015_associated_partners.sql):
-- a project's partner may have the role `associated`, Interreg's associated partners (AP), which take part
-- without a budget of their own.

ALTER TABLE project_partner DROP CONSTRAINT project_partner_role_check;
ALTER TABLE project_partner ADD CONSTRAINT project_partner_role_check CHECK (role IN ('lead', 'partner', 'associated'));
