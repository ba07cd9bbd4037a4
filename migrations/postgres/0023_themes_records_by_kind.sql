-- Brobygger registry schema for PostgreSQL, version 23: a theme's records of one kind from its index alone, as
-- SQLite's version 23.

DROP INDEX record_theme_by_theme;

CREATE INDEX record_theme_by_theme ON record_theme (theme_id, record_kind, record_id);
