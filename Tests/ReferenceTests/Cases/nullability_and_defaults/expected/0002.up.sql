-- strata revision 0002_nullability_and_defaults (up)
-- parent: 0001_nullability_and_defaults
-- message: step 2
--
-- Changes:
--   - set the default of negentropy.settings.name to 'unnamed'
--   - add check constraint settings_name_not_null_check on negentropy.settings NOT VALID (new rows only)
--   - set the default of negentropy.settings.level to 2
--   - make negentropy.settings.level nullable
--   - drop the default of negentropy.settings.enabled
--   - validate constraint settings_name_not_null_check on negentropy.settings
--   - make negentropy.settings.name NOT NULL (proved by settings_name_not_null_check, no scan)
--   - drop the helper check settings_name_not_null_check on negentropy.settings
--
-- Hazards:
--   - validate constraint settings_name_not_null_check on negentropy.settings: scans all of negentropy.settings to validate settings_name_not_null_check without blocking writes, after the revision's transaction; rows that violate it leave the revision incomplete until they are fixed (SHARE UPDATE EXCLUSIVE on negentropy.settings)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.settings ALTER COLUMN name SET DEFAULT 'unnamed';

ALTER TABLE negentropy.settings ADD CONSTRAINT settings_name_not_null_check CHECK (name IS NOT NULL) NOT VALID;

ALTER TABLE negentropy.settings ALTER COLUMN level SET DEFAULT 2;

ALTER TABLE negentropy.settings ALTER COLUMN level DROP NOT NULL;

ALTER TABLE negentropy.settings ALTER COLUMN enabled DROP DEFAULT;

-- strata:no-transaction
ALTER TABLE negentropy.settings VALIDATE CONSTRAINT settings_name_not_null_check;

-- strata:no-transaction
ALTER TABLE negentropy.settings ALTER COLUMN name SET NOT NULL;

-- strata:no-transaction
ALTER TABLE negentropy.settings DROP CONSTRAINT IF EXISTS settings_name_not_null_check;
