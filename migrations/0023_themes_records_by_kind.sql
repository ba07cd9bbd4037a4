-- Brobygger registry schema, version 23: a theme's records of one kind, in the order of their ids, from its index
-- alone.
--
-- A list filtered by a theme reads the records of the theme and kind. With the theme alone in the index, SQLite
-- took the primary key's `record_kind` instead and read every record of the kind's themes (an organisation's
-- themes: 300,000 rows at 300,000 organisations) to find one theme's; the theme, kind and record together give
-- them in one range, in the order of the records' ids, which is the lists' default order.

DROP INDEX record_theme_by_theme;

CREATE INDEX record_theme_by_theme ON record_theme (theme_id, record_kind, record_id);
