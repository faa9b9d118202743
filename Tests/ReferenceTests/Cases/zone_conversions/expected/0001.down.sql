-- strata revision 0001_zone_conversions (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.events
--
-- Hazards:
--   - drop table negentropy.events: deletes every row of negentropy.events (ACCESS EXCLUSIVE on negentropy.events)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP TABLE negentropy.events;
