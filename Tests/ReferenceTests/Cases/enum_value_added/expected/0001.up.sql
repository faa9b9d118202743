-- strata revision 0001_enum_value_added (up)
-- parent: base
-- message: step 1
--
-- Changes:
--   - create schema negentropy
--   - create extension vector in schema public
--   - create enum negentropy.status ('new', 'done')
--   - create table negentropy.tasks
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

CREATE TYPE negentropy.status AS ENUM ('new', 'done');

CREATE TABLE negentropy.tasks (
    id integer NOT NULL,
    status negentropy.status DEFAULT 'new' NOT NULL,
    CONSTRAINT tasks_pkey PRIMARY KEY (id)
);
