-- strata revision 0003_rename_fact_object_jsonb_payloads (down)
-- parent: 0002_track_memory_access_index_facts
-- message: rename fact object, jsonb payloads, procedural memories
--
-- Changes:
--   - rename column negentropy.facts.object_value to object
--   - drop index negentropy.uq_memories_semantic_content
--   - recreate enum negentropy.memory_kind as ('episodic', 'semantic', 'preference'), dropping 'procedural'
--   - change the type of negentropy.events.payload from jsonb to json using payload::json
--   - change the type of negentropy.threads.title from text to character varying(200)
--   - create unique index uq_memories_semantic_content on negentropy.memories
--   - remove the comment on column negentropy.threads.title
--   - drop enum negentropy.memory_kind_old
--
-- Hazards:
--   - recreate enum negentropy.memory_kind as ('episodic', 'semantic', 'preference'), dropping 'procedural': drops enum value 'procedural': rows of negentropy.memories.kind holding it make the conversion fail; update them first; converting to the recreated type rewrites negentropy.memories (ACCESS EXCLUSIVE on negentropy.memories)
--   - change the type of negentropy.events.payload from jsonb to json using payload::json: rewrites negentropy.events and all its indexes (ACCESS EXCLUSIVE on negentropy.events)
--   - change the type of negentropy.threads.title from text to character varying(200): narrows negentropy.threads.title from text to character varying(200): values that do not fit fail the statement or lose precision; rewrites negentropy.threads and all its indexes (ACCESS EXCLUSIVE on negentropy.threads)
--   - create unique index uq_memories_semantic_content on negentropy.memories: builds uq_memories_semantic_content, blocking writes to negentropy.memories meanwhile (SHARE on negentropy.memories)

ALTER TABLE negentropy.facts RENAME COLUMN object_value TO object;

DROP INDEX negentropy.uq_memories_semantic_content;

ALTER TYPE negentropy.memory_kind RENAME TO memory_kind_old;

CREATE TYPE negentropy.memory_kind AS ENUM ('episodic', 'semantic', 'preference');

ALTER TABLE negentropy.memories
    ALTER COLUMN kind DROP DEFAULT,
    ALTER COLUMN kind TYPE negentropy.memory_kind USING kind::text::negentropy.memory_kind,
    ALTER COLUMN kind SET DEFAULT 'episodic';

ALTER TABLE negentropy.events ALTER COLUMN payload TYPE json USING payload::json;

ALTER TABLE negentropy.threads ALTER COLUMN title TYPE character varying(200);

CREATE UNIQUE INDEX uq_memories_semantic_content ON negentropy.memories USING btree (user_id, content) WHERE kind = 'semantic';

COMMENT ON COLUMN negentropy.threads.title IS NULL;

DROP TYPE negentropy.memory_kind_old;
