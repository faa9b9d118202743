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
