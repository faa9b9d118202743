-- strata revision 0002_enum_value_removed_dependents (up)
-- parent: 0001_enum_value_removed_dependents
-- message: remove the scratch kind
--
-- Changes:
--   - drop index negentropy.ix_memories_is_semantic
--   - drop index negentropy.uq_memories_semantic
--   - drop check constraint ck_memories_weight on negentropy.memories
--   - recreate enum negentropy.memory_kind as ('episodic', 'semantic', 'procedural'), dropping 'scratch'
--   - add check constraint ck_memories_weight on negentropy.memories NOT VALID (new rows only)
--   - create index ix_memories_is_semantic on negentropy.memories
--   - create unique index uq_memories_semantic on negentropy.memories
--   - drop enum negentropy.memory_kind_old
--   - validate constraint ck_memories_weight on negentropy.memories
--
-- Hazards:
--   - drop index negentropy.ix_memories_is_semantic: dropping ix_memories_is_semantic briefly blocks all access to negentropy.memories (ACCESS EXCLUSIVE on negentropy.memories)
--   - drop index negentropy.uq_memories_semantic: dropping uq_memories_semantic briefly blocks all access to negentropy.memories (ACCESS EXCLUSIVE on negentropy.memories)
--   - recreate enum negentropy.memory_kind as ('episodic', 'semantic', 'procedural'), dropping 'scratch': drops enum value 'scratch': rows of negentropy.memories.kind holding it make the conversion fail; update them first; converting to the recreated type rewrites negentropy.memories (ACCESS EXCLUSIVE on negentropy.memories)
--   - create index ix_memories_is_semantic on negentropy.memories: builds ix_memories_is_semantic, blocking writes to negentropy.memories meanwhile (SHARE on negentropy.memories)
--   - create unique index uq_memories_semantic on negentropy.memories: builds uq_memories_semantic, blocking writes to negentropy.memories meanwhile (SHARE on negentropy.memories)
--   - validate constraint ck_memories_weight on negentropy.memories: scans all of negentropy.memories to validate ck_memories_weight without blocking writes, after the revision's transaction; rows that violate it leave the revision incomplete until they are fixed (SHARE UPDATE EXCLUSIVE on negentropy.memories)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP INDEX negentropy.ix_memories_is_semantic;

DROP INDEX negentropy.uq_memories_semantic;

ALTER TABLE negentropy.memories DROP CONSTRAINT ck_memories_weight;

ALTER TYPE negentropy.memory_kind RENAME TO memory_kind_old;

CREATE TYPE negentropy.memory_kind AS ENUM ('episodic', 'semantic', 'procedural');

ALTER TABLE negentropy.memories
    ALTER COLUMN kind DROP DEFAULT,
    ALTER COLUMN kind TYPE negentropy.memory_kind USING kind::text::negentropy.memory_kind,
    ALTER COLUMN kind SET DEFAULT 'episodic';

ALTER TABLE negentropy.memories ADD CONSTRAINT ck_memories_weight CHECK (kind <> 'procedural' OR weight > 0) NOT VALID;

CREATE INDEX ix_memories_is_semantic ON negentropy.memories USING btree (((kind = 'semantic')));

CREATE UNIQUE INDEX uq_memories_semantic ON negentropy.memories USING btree (user_id) WHERE kind = 'semantic';

DROP TYPE negentropy.memory_kind_old;

-- strata:no-transaction
ALTER TABLE negentropy.memories VALIDATE CONSTRAINT ck_memories_weight;
