-- Brobygger registry schema for PostgreSQL, version 20: places found by their NUTS code, as SQLite's version 20.
--
-- An import of the NUTS classification looks each region's code up twice (is it a place of the seeds, which place
-- is its parent) and validation of a NUTS code asks whether a place has it; with no index on the code each lookup
-- read the whole gazetteer, so an import of the classification took time growing with the square of its rows.

CREATE INDEX place_by_nuts ON place (nuts) WHERE nuts IS NOT NULL;
