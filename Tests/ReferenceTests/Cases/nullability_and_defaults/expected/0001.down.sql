-- strata revision 0001_nullability_and_defaults (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.settings
--
-- Hazards:
--   - drop table negentropy.settings: deletes every row of negentropy.settings (ACCESS EXCLUSIVE on negentropy.settings)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP TABLE negentropy.settings;
