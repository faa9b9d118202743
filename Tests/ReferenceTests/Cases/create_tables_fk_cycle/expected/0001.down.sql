-- strata revision 0001_create_tables_fk_cycle (down)
-- parent: base
-- message: init
--
-- Changes:
--   - drop foreign key memories_thread_id_fkey on negentropy.memories
--   - drop table negentropy.threads
--   - drop table negentropy.memories
--   - drop table negentropy.events
--   - drop enum negentropy.memory_kind
--
-- Hazards:
--   - drop foreign key memories_thread_id_fkey on negentropy.memories: dropping memories_thread_id_fkey briefly blocks all access to both tables (ACCESS EXCLUSIVE on negentropy.memories and negentropy.threads)
--   - drop table negentropy.threads: deletes every row of negentropy.threads (ACCESS EXCLUSIVE on negentropy.threads)
--   - drop table negentropy.memories: deletes every row of negentropy.memories (ACCESS EXCLUSIVE on negentropy.memories)
--   - drop table negentropy.events: deletes every row of negentropy.events (ACCESS EXCLUSIVE on negentropy.events)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.memories DROP CONSTRAINT memories_thread_id_fkey;

DROP TABLE negentropy.threads;

DROP TABLE negentropy.memories;

DROP TABLE negentropy.events;

DROP TYPE negentropy.memory_kind;
