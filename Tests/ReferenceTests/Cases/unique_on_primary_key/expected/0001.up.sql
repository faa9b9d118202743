-- strata revision 0001_unique_on_primary_key (up)
-- parent: base
-- message: step 1
--
-- Changes:
--   - create schema negentropy
--   - create table negentropy.accounts
--   - create table negentropy.pairs
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

CREATE TABLE negentropy.accounts (
    id bigint NOT NULL,
    email text,
    CONSTRAINT accounts_pkey PRIMARY KEY (id)
);

CREATE TABLE negentropy.pairs (
    a integer NOT NULL,
    b integer NOT NULL,
    note character varying(20),
    CONSTRAINT pairs_a_b_uk PRIMARY KEY (a, b),
    CONSTRAINT pairs_b_a_key UNIQUE (b, a)
);
