-- strata revision 0002_enum_value_removed (down)
-- parent: 0001_enum_value_removed
-- message: step 2
--
-- Changes:
--   - add value 'in_progress' to enum negentropy.status after 'new'
--
-- Hazards:
--   none

-- strata:no-transaction
ALTER TYPE negentropy.status ADD VALUE IF NOT EXISTS 'in_progress' AFTER 'new';
