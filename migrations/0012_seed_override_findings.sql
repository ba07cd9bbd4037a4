-- Brobygger registry schema, version 12: the seeds' findings of an edited seed record, kept beside its seed
-- version.
--
-- Some findings of a seed project come from its fact sheet (fields the sheet leaves empty, look-alike spellings
-- of the acronym), which only the seed load reads. `reset` puts them back with the seed version instead of
-- recomputing the record's findings without the sheet. `findings` is a JSON array of the findings as stored in
-- `quality_finding.data`; NULL for rows kept before this version, whose reset recomputes what it can.
ALTER TABLE seed_override ADD COLUMN findings TEXT CHECK (findings IS NULL OR json_valid(findings));
