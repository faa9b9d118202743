-- strata revision 0002_enum_value_added (up)
-- parent: 0001_enum_value_added
-- message: step 2
--
-- Changes:
--   - add value 'in_progress' to enum negentropy.status after 'new'
--   - add value 'archived' to enum negentropy.status after 'done'
--
-- Hazards:
--   none

-- strata:no-transaction
ALTER TYPE negentropy.status ADD VALUE IF NOT EXISTS 'in_progress' AFTER 'new';

-- strata:no-transaction
ALTER TYPE negentropy.status ADD VALUE IF NOT EXISTS 'archived' AFTER 'done';

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';
