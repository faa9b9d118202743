-- strata revision 0001_type_change_using (up)
-- parent: base
-- message: step 1
--
-- Changes:
--   - create schema negentropy
--   - create extension vector in schema public
--   - create table negentropy.items
--
-- Hazards:
--   none

CREATE SCHEMA IF NOT EXISTS negentropy;

CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;

CREATE TABLE negentropy.items (
    id integer NOT NULL,
    code character varying(10),
    qty text,
    price numeric(10,2),
    CONSTRAINT items_pkey PRIMARY KEY (id)
);
