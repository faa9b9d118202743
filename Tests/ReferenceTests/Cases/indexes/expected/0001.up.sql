-- strata revision 0001_indexes (up)
-- parent: base
-- message: step 1
--
-- Changes:
--   - create schema negentropy
--   - create extension vector in schema public
--   - create table negentropy.docs
--   - create unique index ix_docs_active on negentropy.docs
--   - create index ix_docs_embedding on negentropy.docs
--   - create index ix_docs_lower on negentropy.docs
--   - create index ix_docs_small on negentropy.docs
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

CREATE TABLE negentropy.docs (
    id integer NOT NULL,
    title text NOT NULL,
    state text,
    embedding public.vector(3),
    small public.vector(3),
    CONSTRAINT docs_pkey PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_docs_active ON negentropy.docs USING btree (title) WHERE state = 'active';

CREATE INDEX ix_docs_embedding ON negentropy.docs USING hnsw (embedding public.vector_cosine_ops) WITH (m = 16, ef_construction = 64);

CREATE INDEX ix_docs_lower ON negentropy.docs USING btree ((lower(title))) INCLUDE (state);

CREATE INDEX ix_docs_small ON negentropy.docs USING ivfflat (small public.vector_l2_ops) WITH (lists = 10);
