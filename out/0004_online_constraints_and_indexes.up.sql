-- strata revision 0004_online_constraints_and_indexes (up)
-- parent: 0003_rename_fact_object_jsonb_payloads
-- message: online constraints and indexes
--
-- Changes:
--   - drop index negentropy.ix_events_created concurrently
--   - add check constraint threads_title_not_null_check on negentropy.threads NOT VALID (new rows only)
--   - add check constraint ck_memories_access_count on negentropy.memories NOT VALID (new rows only)
--   - add foreign key fk_memories_thread on negentropy.memories (thread_id) referencing negentropy.threads (id) NOT VALID (new rows only)
--   - create unique index uq_facts_memory_statement on negentropy.facts concurrently
--   - create index ix_events_author on negentropy.events concurrently
--   - create index ix_facts_subject_strata_new on negentropy.facts concurrently
--   - create index ix_memories_kind on negentropy.memories concurrently
--   - drop index negentropy.ix_facts_subject concurrently
--   - rename index negentropy.ix_facts_subject_strata_new to ix_facts_subject, replacing the old definition
--   - validate constraint ck_memories_access_count on negentropy.memories
--   - validate constraint fk_memories_thread on negentropy.memories
--   - validate constraint threads_title_not_null_check on negentropy.threads
--   - make negentropy.threads.title NOT NULL (proved by threads_title_not_null_check, no scan)
--   - drop the helper check threads_title_not_null_check on negentropy.threads
--   - add unique constraint uq_facts_memory_statement on negentropy.facts using its index
--
-- Hazards:
--   - create unique index uq_facts_memory_statement on negentropy.facts concurrently: builds uq_facts_memory_statement without blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.facts)
--   - create index ix_events_author on negentropy.events concurrently: builds ix_events_author without blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.events)
--   - create index ix_facts_subject_strata_new on negentropy.facts concurrently: builds ix_facts_subject_strata_new without blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.facts)
--   - create index ix_memories_kind on negentropy.memories concurrently: builds ix_memories_kind without blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.memories)
--   - validate constraint ck_memories_access_count on negentropy.memories: scans all of negentropy.memories to validate ck_memories_access_count without blocking writes, after the revision's transaction; rows that violate it leave the revision incomplete until they are fixed (SHARE UPDATE EXCLUSIVE on negentropy.memories)
--   - validate constraint fk_memories_thread on negentropy.memories: scans all of negentropy.memories to validate fk_memories_thread without blocking writes, after the revision's transaction; rows that violate it leave the revision incomplete until they are fixed (SHARE UPDATE EXCLUSIVE on negentropy.memories; ROW SHARE on negentropy.threads)
--   - validate constraint threads_title_not_null_check on negentropy.threads: scans all of negentropy.threads to validate threads_title_not_null_check without blocking writes, after the revision's transaction; rows that violate it leave the revision incomplete until they are fixed (SHARE UPDATE EXCLUSIVE on negentropy.threads)

-- strata:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS negentropy.ix_events_created;

ALTER TABLE negentropy.threads ADD CONSTRAINT threads_title_not_null_check CHECK (title IS NOT NULL) NOT VALID;

ALTER TABLE negentropy.memories ADD CONSTRAINT ck_memories_access_count CHECK (access_count >= 0) NOT VALID;

ALTER TABLE negentropy.memories ADD CONSTRAINT fk_memories_thread FOREIGN KEY (thread_id) REFERENCES negentropy.threads (id) ON DELETE CASCADE NOT VALID;

-- strata:no-transaction
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_facts_memory_statement ON negentropy.facts USING btree (memory_id, subject, predicate, object_value);

-- strata:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_events_author ON negentropy.events USING btree (author, created_at);

-- strata:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_facts_subject_strata_new ON negentropy.facts USING btree (subject, predicate, object_value);

-- strata:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_memories_kind ON negentropy.memories USING btree (kind, created_at);

-- strata:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS negentropy.ix_facts_subject;

-- strata:no-transaction
ALTER INDEX IF EXISTS negentropy.ix_facts_subject_strata_new RENAME TO ix_facts_subject;

-- strata:no-transaction
ALTER TABLE negentropy.memories VALIDATE CONSTRAINT ck_memories_access_count;

-- strata:no-transaction
ALTER TABLE negentropy.memories VALIDATE CONSTRAINT fk_memories_thread;

-- strata:no-transaction
ALTER TABLE negentropy.threads VALIDATE CONSTRAINT threads_title_not_null_check;

-- strata:no-transaction
ALTER TABLE negentropy.threads ALTER COLUMN title SET NOT NULL;

-- strata:no-transaction
ALTER TABLE negentropy.threads DROP CONSTRAINT IF EXISTS threads_title_not_null_check;

-- strata:no-transaction
ALTER TABLE negentropy.facts ADD CONSTRAINT uq_facts_memory_statement UNIQUE USING INDEX uq_facts_memory_statement;
