-- strata revision 0001_dependencies (up)
-- parent: base
-- message: step 1
--
-- Changes:
--   - create schema negentropy
--   - create extension vector in schema public
--   - create enum negentropy.color ('red', 'green')
--   - create table negentropy.parent
--   - create table negentropy.child
--   - create table negentropy.a
--   - create table negentropy.b
--   - add foreign key a_b_id_fkey on negentropy.a (b_id) referencing negentropy.b (id)
--   - create index ix_a_code on negentropy.a
--   - set the comment on schema negentropy
--   - create index ix_child_note on negentropy.child concurrently
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

CREATE TYPE negentropy.color AS ENUM ('red', 'green');

CREATE TABLE negentropy.parent (
    id integer NOT NULL,
    other integer NOT NULL,
    CONSTRAINT parent_pkey PRIMARY KEY (id)
);

CREATE TABLE negentropy.child (
    id integer NOT NULL,
    parent_id integer,
    shade negentropy.color,
    note text,
    CONSTRAINT child_pkey PRIMARY KEY (id),
    CONSTRAINT child_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES negentropy.parent (id)
);

CREATE TABLE negentropy.a (
    id integer NOT NULL,
    b_id integer,
    code text NOT NULL,
    amount integer DEFAULT 0,
    CONSTRAINT a_pkey PRIMARY KEY (id),
    CONSTRAINT ck_a_code CHECK (length(code) > 0)
);

CREATE TABLE negentropy.b (
    id integer NOT NULL,
    a_id integer,
    CONSTRAINT b_pkey PRIMARY KEY (id),
    CONSTRAINT b_a_id_fkey FOREIGN KEY (a_id) REFERENCES negentropy.a (id)
);

ALTER TABLE negentropy.a ADD CONSTRAINT a_b_id_fkey FOREIGN KEY (b_id) REFERENCES negentropy.b (id);

CREATE INDEX ix_a_code ON negentropy.a USING btree (code);

COMMENT ON SCHEMA negentropy IS 'Agent memory';

-- strata:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_child_note ON negentropy.child USING btree (note);
