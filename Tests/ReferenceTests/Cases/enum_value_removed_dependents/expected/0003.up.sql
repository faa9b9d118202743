-- strata revision 0003_enum_value_removed_dependents (up)
-- parent: 0002_enum_value_removed_dependents
-- message: add the archived kind (its down recreates the enum)
--
-- Changes:
--   - add value 'archived' to enum negentropy.memory_kind after 'procedural'
--
-- Hazards:
--   none

-- strata:no-transaction
ALTER TYPE negentropy.memory_kind ADD VALUE IF NOT EXISTS 'archived' AFTER 'procedural';

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';
