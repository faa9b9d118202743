-- strata revision 0001_nullability_and_defaults (up)
-- parent: base
-- message: step 1
--
-- Changes:
--   - create schema negentropy
--   - create extension vector in schema public
--   - create table negentropy.settings
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

CREATE TABLE negentropy.settings (
    id integer NOT NULL,
    name text,
    level integer DEFAULT 1 NOT NULL,
    enabled boolean DEFAULT true,
    CONSTRAINT settings_pkey PRIMARY KEY (id)
);
