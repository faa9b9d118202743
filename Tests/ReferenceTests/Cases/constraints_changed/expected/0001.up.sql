-- strata revision 0001_constraints_changed (up)
-- parent: base
-- message: step 1
--
-- Changes:
--   - create schema negentropy
--   - create extension vector in schema public
--   - create table negentropy.parents
--   - create table negentropy.children
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

CREATE TABLE negentropy.parents (
    id integer NOT NULL,
    code text NOT NULL,
    CONSTRAINT parents_pkey PRIMARY KEY (id),
    CONSTRAINT uq_parents_code UNIQUE (code)
);

CREATE TABLE negentropy.children (
    id integer NOT NULL,
    parent_id integer NOT NULL,
    qty integer NOT NULL,
    CONSTRAINT children_pkey PRIMARY KEY (id),
    CONSTRAINT ck_children_qty CHECK (qty > 0),
    CONSTRAINT fk_children_parent FOREIGN KEY (parent_id) REFERENCES negentropy.parents (id)
);
