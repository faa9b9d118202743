-- strata revision 0002_enum_value_removed_dependents (down)
-- parent: 0001_enum_value_removed_dependents
-- message: remove the scratch kind
--
-- Changes:
--   - add value 'scratch' to enum negentropy.memory_kind after 'procedural'
--
-- Hazards:
--   none

-- strata:no-transaction
ALTER TYPE negentropy.memory_kind ADD VALUE IF NOT EXISTS 'scratch' AFTER 'procedural';

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';
