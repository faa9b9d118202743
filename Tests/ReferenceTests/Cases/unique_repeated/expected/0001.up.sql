-- strata revision 0001_unique_repeated (up)
-- parent: base
-- message: step 1
--
-- Changes:
--   - create schema negentropy
--   - create table negentropy.accounts
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
    login text,
    CONSTRAINT accounts_pkey PRIMARY KEY (id),
    CONSTRAINT accounts_login_key UNIQUE NULLS NOT DISTINCT (login),
    CONSTRAINT uq_accounts_email UNIQUE (email),
    CONSTRAINT uq_accounts_login UNIQUE (login)
);
