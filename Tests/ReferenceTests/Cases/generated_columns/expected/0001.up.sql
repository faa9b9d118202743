-- strata revision 0001_generated_columns (up)
-- parent: base
-- message: step 1
--
-- Changes:
--   - create schema negentropy
--   - create extension vector in schema public
--   - create table negentropy.shapes
--
-- Hazards:
--   none

CREATE SCHEMA IF NOT EXISTS negentropy;

CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;

CREATE TABLE negentropy.shapes (
    id integer NOT NULL,
    w integer NOT NULL,
    h integer NOT NULL,
    area integer GENERATED ALWAYS AS (w * h) STORED,
    perim integer GENERATED ALWAYS AS (2 * (w + h)) STORED,
    label text GENERATED ALWAYS AS (w::text || 'x' || h::text) STORED,
    CONSTRAINT shapes_pkey PRIMARY KEY (id)
);
