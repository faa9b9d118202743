-- strata revision 0002_enum_value_removed (down)
-- parent: 0001_enum_value_removed
-- message: step 2
--
-- Changes:
--   - add value 'in_progress' to enum negentropy.status after 'new'
--   - change the type of negentropy.labels.state from text to negentropy.status using state::negentropy.status
--
-- Hazards:
--   - change the type of negentropy.labels.state from text to negentropy.status using state::negentropy.status: rewrites negentropy.labels and all its indexes (ACCESS EXCLUSIVE on negentropy.labels)

-- strata:no-transaction
ALTER TYPE negentropy.status ADD VALUE IF NOT EXISTS 'in_progress' AFTER 'new';

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.labels ALTER COLUMN state TYPE negentropy.status USING state::negentropy.status;
