-- strata revision 0001_generated_columns (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.shapes
--
-- Hazards:
--   - drop table negentropy.shapes: deletes every row of negentropy.shapes (ACCESS EXCLUSIVE on negentropy.shapes)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP TABLE negentropy.shapes;
