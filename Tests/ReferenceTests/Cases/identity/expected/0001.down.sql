-- strata revision 0001_identity (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.counters
--
-- Hazards:
--   - drop table negentropy.counters: deletes every row of negentropy.counters (ACCESS EXCLUSIVE on negentropy.counters)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP TABLE negentropy.counters;
