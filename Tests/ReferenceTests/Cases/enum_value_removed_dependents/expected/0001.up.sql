-- strata revision 0001_enum_value_removed_dependents (up)
-- parent: base
-- message: step 1
--
-- Changes:
--   - create schema negentropy
--   - create extension vector in schema public
--   - create enum negentropy.memory_kind ('episodic', 'semantic', 'procedural', 'scratch')
--   - create table negentropy.memories
--   - create index ix_memories_is_semantic on negentropy.memories
--   - create index ix_memories_kind on negentropy.memories
--   - create index ix_memories_weight on negentropy.memories
--   - create unique index uq_memories_semantic on negentropy.memories
--
-- Hazards:
--   none

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

CREATE SCHEMA IF NOT EXISTS negentropy;

CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;

CREATE TYPE negentropy.memory_kind AS ENUM ('episodic', 'semantic', 'procedural', 'scratch');

CREATE TABLE negentropy.memories (
    id integer NOT NULL,
    user_id integer NOT NULL,
    kind negentropy.memory_kind DEFAULT 'episodic' NOT NULL,
    weight integer DEFAULT 0 NOT NULL,
    CONSTRAINT memories_pkey PRIMARY KEY (id),
    CONSTRAINT ck_memories_weight CHECK (kind <> 'procedural' OR weight > 0),
    CONSTRAINT ck_memories_weight_range CHECK (weight >= 0)
);

CREATE INDEX ix_memories_is_semantic ON negentropy.memories USING btree (((kind = 'semantic')));

CREATE INDEX ix_memories_kind ON negentropy.memories USING btree (kind, user_id);

CREATE INDEX ix_memories_weight ON negentropy.memories USING btree (weight) WHERE weight > 10;

CREATE UNIQUE INDEX uq_memories_semantic ON negentropy.memories USING btree (user_id) WHERE kind = 'semantic';
