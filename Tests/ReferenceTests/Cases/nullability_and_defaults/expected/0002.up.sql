-- strata revision 0002_nullability_and_defaults (up)
-- parent: 0001_nullability_and_defaults
-- message: step 2
--
-- Changes:
--   - set the default of negentropy.settings.name to 'unnamed'
--   - make negentropy.settings.name NOT NULL
--   - set the default of negentropy.settings.level to 2
--   - make negentropy.settings.level nullable
--   - drop the default of negentropy.settings.enabled
--
-- Hazards:
--   - make negentropy.settings.name NOT NULL: scans all of negentropy.settings to prove name has no nulls (ACCESS EXCLUSIVE on negentropy.settings)

ALTER TABLE negentropy.settings ALTER COLUMN name SET DEFAULT 'unnamed';

ALTER TABLE negentropy.settings ALTER COLUMN name SET NOT NULL;

ALTER TABLE negentropy.settings ALTER COLUMN level SET DEFAULT 2;

ALTER TABLE negentropy.settings ALTER COLUMN level DROP NOT NULL;

ALTER TABLE negentropy.settings ALTER COLUMN enabled DROP DEFAULT;
