-- strata revision 0001_type_change_claims (up)
-- parent: base
-- message: step 1
--
-- Changes:
--   - create schema negentropy
--   - create enum negentropy.mood ('happy', 'sad', 'obsolete')
--   - create table negentropy.readings
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

CREATE TYPE negentropy.mood AS ENUM ('happy', 'sad', 'obsolete');

CREATE TABLE negentropy.readings (
    id integer NOT NULL,
    network cidr,
    taken_at timestamp(3) without time zone,
    span interval(3),
    code character(5),
    payload json,
    note text,
    label character varying(10),
    mood negentropy.mood DEFAULT 'obsolete',
    CONSTRAINT readings_pkey PRIMARY KEY (id)
);
