-- strata revision 0001_rename_table (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.memories
--   - drop table negentropy.threads
--
-- Hazards:
--   - drop table negentropy.memories: deletes every row of negentropy.memories (ACCESS EXCLUSIVE on negentropy.memories)
--   - drop table negentropy.threads: deletes every row of negentropy.threads (ACCESS EXCLUSIVE on negentropy.threads)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP TABLE negentropy.memories;

DROP TABLE negentropy.threads;
