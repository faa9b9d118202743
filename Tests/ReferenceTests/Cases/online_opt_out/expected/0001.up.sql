-- strata revision 0001_online_opt_out (up)
-- parent: base
-- message: step 1
--
-- Changes:
--   - create schema negentropy
--   - create extension vector in schema public
--   - create table negentropy.items
--   - create table negentropy.threads
--   - create index ix_items_note on negentropy.items
--   - create index ix_items_qty on negentropy.items
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

CREATE TABLE negentropy.items (
    id bigint NOT NULL,
    thread_id uuid,
    code text,
    qty integer,
    note text,
    embedding public.vector(3)
);

CREATE TABLE negentropy.threads (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    title text NOT NULL,
    CONSTRAINT threads_pkey PRIMARY KEY (id)
);

CREATE INDEX ix_items_note ON negentropy.items USING btree (note);

CREATE INDEX ix_items_qty ON negentropy.items USING btree (qty);
