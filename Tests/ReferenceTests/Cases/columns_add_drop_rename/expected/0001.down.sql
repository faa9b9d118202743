-- strata revision 0001_columns_add_drop_rename (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.notes
--
-- Hazards:
--   - drop table negentropy.notes: deletes every row of negentropy.notes (ACCESS EXCLUSIVE on negentropy.notes)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP TABLE negentropy.notes;
