-- strata revision 0002_track_memory_access_index_facts (up)
-- parent: 0001_init
-- message: track memory access, index facts
--
-- Changes:
--   - add column negentropy.memories.last_accessed_at timestamp with time zone
--   - add column negentropy.memories.access_count integer
--   - create index facts_memory_id_idx on negentropy.facts
--   - create index ix_facts_subject on negentropy.facts
--   - create index ix_events_created on negentropy.events concurrently
--
-- Hazards:
--   - create index facts_memory_id_idx on negentropy.facts: builds facts_memory_id_idx, blocking writes to negentropy.facts meanwhile (SHARE on negentropy.facts)
--   - create index ix_facts_subject on negentropy.facts: builds ix_facts_subject, blocking writes to negentropy.facts meanwhile (SHARE on negentropy.facts)
--   - create index ix_events_created on negentropy.events concurrently: builds ix_events_created without blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.events)

ALTER TABLE negentropy.memories ADD COLUMN last_accessed_at timestamp with time zone;

ALTER TABLE negentropy.memories ADD COLUMN access_count integer DEFAULT 0 NOT NULL;

CREATE INDEX facts_memory_id_idx ON negentropy.facts USING btree (memory_id);

CREATE INDEX ix_facts_subject ON negentropy.facts USING btree (subject, predicate);

-- strata:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_events_created ON negentropy.events USING btree (created_at DESC);
