-- strata revision 0001_nullability_and_defaults (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.settings
--
-- Hazards:
--   - drop table negentropy.settings: deletes every row of negentropy.settings (ACCESS EXCLUSIVE on negentropy.settings)

DROP TABLE negentropy.settings;
