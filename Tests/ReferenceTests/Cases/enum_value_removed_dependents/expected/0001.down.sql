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

DROP TABLE negentropy.memories;

DROP TYPE negentropy.memory_kind;
