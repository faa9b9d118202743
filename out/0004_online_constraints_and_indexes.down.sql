-- strata revision 0004_online_constraints_and_indexes (down)
-- parent: 0003_rename_fact_object_jsonb_payloads
-- message: online constraints and indexes
--
-- Changes:
--   - drop index negentropy.ix_events_author concurrently
--   - drop index negentropy.ix_memories_kind concurrently
--   - drop foreign key fk_memories_thread on negentropy.memories
--   - drop index negentropy.ix_facts_subject
--   - drop unique constraint uq_facts_memory_statement on negentropy.facts
--   - drop check constraint ck_memories_access_count on negentropy.memories
--   - make negentropy.threads.title nullable
--   - create index ix_events_created on negentropy.events
--   - create index ix_facts_subject on negentropy.facts
--
-- Hazards:
--   - drop foreign key fk_memories_thread on negentropy.memories: dropping fk_memories_thread briefly blocks all access to both tables (ACCESS EXCLUSIVE on negentropy.memories and negentropy.threads)
--   - drop index negentropy.ix_facts_subject: dropping ix_facts_subject briefly blocks all access to negentropy.facts (ACCESS EXCLUSIVE on negentropy.facts)
--   - create index ix_events_created on negentropy.events: builds ix_events_created, blocking writes to negentropy.events meanwhile (SHARE on negentropy.events)
--   - create index ix_facts_subject on negentropy.facts: builds ix_facts_subject, blocking writes to negentropy.facts meanwhile (SHARE on negentropy.facts)

-- strata:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS negentropy.ix_events_author;

-- strata:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS negentropy.ix_memories_kind;

ALTER TABLE negentropy.memories DROP CONSTRAINT fk_memories_thread;

DROP INDEX negentropy.ix_facts_subject;

ALTER TABLE negentropy.facts DROP CONSTRAINT uq_facts_memory_statement;

ALTER TABLE negentropy.memories DROP CONSTRAINT ck_memories_access_count;

ALTER TABLE negentropy.threads ALTER COLUMN title DROP NOT NULL;

CREATE INDEX ix_events_created ON negentropy.events USING btree (created_at DESC);

CREATE INDEX ix_facts_subject ON negentropy.facts USING btree (subject, predicate);
