-- strata revision 0001_type_change_claims (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.readings
--   - drop enum negentropy.mood
--
-- Hazards:
--   - drop table negentropy.readings: deletes every row of negentropy.readings (ACCESS EXCLUSIVE on negentropy.readings)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP TABLE negentropy.readings;

DROP TYPE negentropy.mood;
