-- strata revision 0001_enum_value_removed_dependents (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.memories
--   - drop enum negentropy.memory_kind
--
-- Hazards:
--   - drop table negentropy.memories: deletes every row of negentropy.memories (ACCESS EXCLUSIVE on negentropy.memories)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP TABLE negentropy.memories;

DROP TYPE negentropy.memory_kind;
