-- strata revision 0001_comments (up)
-- parent: base
-- message: step 1
--
-- Changes:
--   - create schema negentropy
--   - create extension vector in schema public
--   - create enum negentropy.mood ('happy', 'sad')
--   - create table negentropy.people
--   - create index ix_people_name on negentropy.people
--   - set the comment on enum negentropy.mood
--   - set the comment on table negentropy.people
--   - set the comment on column negentropy.people.name
--   - set the comment on index negentropy.ix_people_name
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

CREATE TYPE negentropy.mood AS ENUM ('happy', 'sad');

CREATE TABLE negentropy.people (
    id integer NOT NULL,
    name text,
    mood negentropy.mood,
    CONSTRAINT people_pkey PRIMARY KEY (id)
);

CREATE INDEX ix_people_name ON negentropy.people USING btree (name);

COMMENT ON TYPE negentropy.mood IS 'How someone feels';

COMMENT ON TABLE negentropy.people IS 'Everyone we know';

COMMENT ON COLUMN negentropy.people.name IS 'What they''re called';

COMMENT ON INDEX negentropy.ix_people_name IS 'Lookup by name';
