-- strata revision 0001_rename_table (up)
-- parent: base
-- message: step 1
--
-- Changes:
--   - create schema negentropy
--   - create extension vector in schema public
--   - create sequence negentropy.threads_id_seq
--   - create table negentropy.threads
--   - create table negentropy.memories
--   - make sequence negentropy.threads_id_seq owned by negentropy.threads.id
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

CREATE SEQUENCE negentropy.threads_id_seq AS integer;

CREATE TABLE negentropy.threads (
    id integer DEFAULT nextval('negentropy.threads_id_seq'::regclass) NOT NULL,
    title text,
    CONSTRAINT threads_pkey PRIMARY KEY (id),
    CONSTRAINT threads_title_key UNIQUE (title)
);

CREATE TABLE negentropy.memories (
    id integer NOT NULL,
    thread_id integer,
    CONSTRAINT memories_pkey PRIMARY KEY (id),
    CONSTRAINT memories_thread_id_fkey FOREIGN KEY (thread_id) REFERENCES negentropy.threads (id)
);

ALTER SEQUENCE negentropy.threads_id_seq OWNED BY negentropy.threads.id;
