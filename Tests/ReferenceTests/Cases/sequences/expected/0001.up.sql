-- strata revision 0001_sequences (up)
-- parent: base
-- message: step 1
--
-- Changes:
--   - create schema negentropy
--   - create extension vector in schema public
--   - create sequence negentropy.invoice_numbers
--   - create sequence negentropy.ticket_numbers
--   - create table negentropy.invoices
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

CREATE SEQUENCE negentropy.invoice_numbers AS bigint START WITH 1000 INCREMENT BY 1;

CREATE SEQUENCE negentropy.ticket_numbers START WITH 1;

CREATE TABLE negentropy.invoices (
    id bigint DEFAULT nextval('negentropy.invoice_numbers'::regclass) NOT NULL,
    CONSTRAINT invoices_pkey PRIMARY KEY (id)
);
