-- strata revision 0002_nullability_and_defaults (down)
-- parent: 0001_nullability_and_defaults
-- message: step 2
--
-- Changes:
--   - drop the default of negentropy.settings.name
--   - make negentropy.settings.name nullable
--   - set the default of negentropy.settings.level to 1
--   - make negentropy.settings.level NOT NULL
--   - set the default of negentropy.settings.enabled to true
--
-- Hazards:
--   - make negentropy.settings.level NOT NULL: scans all of negentropy.settings to prove level has no nulls (ACCESS EXCLUSIVE on negentropy.settings)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.settings ALTER COLUMN name DROP DEFAULT;

ALTER TABLE negentropy.settings ALTER COLUMN name DROP NOT NULL;

ALTER TABLE negentropy.settings ALTER COLUMN level SET DEFAULT 1;

ALTER TABLE negentropy.settings ALTER COLUMN level SET NOT NULL;

ALTER TABLE negentropy.settings ALTER COLUMN enabled SET DEFAULT true;
