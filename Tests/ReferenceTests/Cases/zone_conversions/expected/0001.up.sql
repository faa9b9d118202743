-- strata revision 0001_zone_conversions (up)
-- parent: base
-- message: step 1
--
-- Changes:
--   - create schema negentropy
--   - create table negentropy.events
--   - create index ix_events_happened on negentropy.events
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

CREATE TABLE negentropy.events (
    id bigint NOT NULL,
    happened timestamp without time zone,
    recorded timestamp with time zone,
    day date,
    clock time without time zone,
    local_at timestamp without time zone,
    precise timestamp(3) without time zone,
    starts_at timestamp with time zone DEFAULT '2024-03-10 02:30',
    due date DEFAULT '03/04/2024',
    CONSTRAINT events_pkey PRIMARY KEY (id)
);

CREATE INDEX ix_events_happened ON negentropy.events USING btree (happened);
