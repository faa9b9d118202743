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

CREATE SCHEMA IF NOT EXISTS negentropy;

CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;

CREATE TABLE negentropy.settings (
    id integer NOT NULL,
    name text,
    level integer DEFAULT 1 NOT NULL,
    enabled boolean DEFAULT true,
    CONSTRAINT settings_pkey PRIMARY KEY (id)
);
