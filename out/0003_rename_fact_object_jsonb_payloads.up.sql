-- strata revision 0003_rename_fact_object_jsonb_payloads (up)
-- parent: 0002_track_memory_access_index_facts
-- message: rename fact object, jsonb payloads, procedural memories
--
-- Changes:
--   - add value 'procedural' to enum negentropy.memory_kind after 'semantic'
--   - rename column negentropy.facts.object to object_value
--   - change the type of negentropy.events.payload from json to jsonb using payload::jsonb
--   - change the type of negentropy.threads.title from character varying(200) to text
--   - set the comment on column negentropy.threads.title
--
-- Hazards:
--   - change the type of negentropy.events.payload from json to jsonb using payload::jsonb: rewrites negentropy.events and all its indexes (ACCESS EXCLUSIVE on negentropy.events)

-- strata:no-transaction
ALTER TYPE negentropy.memory_kind ADD VALUE IF NOT EXISTS 'procedural' AFTER 'semantic';

ALTER TABLE negentropy.facts RENAME COLUMN object TO object_value;

ALTER TABLE negentropy.events ALTER COLUMN payload TYPE jsonb USING payload::jsonb;

ALTER TABLE negentropy.threads ALTER COLUMN title TYPE text;

COMMENT ON COLUMN negentropy.threads.title IS 'Shown in the thread list';
