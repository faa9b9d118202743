-- strata revision 0001_renames_carry (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.items
--
-- Hazards:
--   - drop table negentropy.items: deletes every row of negentropy.items (ACCESS EXCLUSIVE on negentropy.items)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP TABLE negentropy.items;
