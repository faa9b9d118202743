-- strata revision 0002_track_memory_access_index_facts (down)
-- parent: 0001_init
-- message: track memory access, index facts
--
-- Changes:
--   - drop index negentropy.ix_events_created
--   - drop index negentropy.facts_memory_id_idx
--   - drop index negentropy.ix_facts_subject
--   - drop column negentropy.memories.last_accessed_at
--   - drop column negentropy.memories.access_count
--
-- Hazards:
--   - drop column negentropy.memories.last_accessed_at: deletes the data of column negentropy.memories.last_accessed_at (ACCESS EXCLUSIVE on negentropy.memories)
--   - drop column negentropy.memories.access_count: deletes the data of column negentropy.memories.access_count (ACCESS EXCLUSIVE on negentropy.memories)

DROP INDEX negentropy.ix_events_created;

DROP INDEX negentropy.facts_memory_id_idx;

DROP INDEX negentropy.ix_facts_subject;

ALTER TABLE negentropy.memories DROP COLUMN last_accessed_at;

ALTER TABLE negentropy.memories DROP COLUMN access_count;
