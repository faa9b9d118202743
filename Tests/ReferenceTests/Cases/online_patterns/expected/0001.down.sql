-- strata revision 0001_online_patterns (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.threads
--   - drop table negentropy.items
--
-- Hazards:
--   - drop table negentropy.threads: deletes every row of negentropy.threads (ACCESS EXCLUSIVE on negentropy.threads)
--   - drop table negentropy.items: deletes every row of negentropy.items (ACCESS EXCLUSIVE on negentropy.items)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP TABLE negentropy.threads;

DROP TABLE negentropy.items;
