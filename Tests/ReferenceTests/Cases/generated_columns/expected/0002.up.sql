-- strata revision 0002_generated_columns (up)
-- parent: 0001_generated_columns
-- message: step 2
--
-- Changes:
--   - drop column negentropy.shapes.perim
--   - change the generation expression of negentropy.shapes.area to w * h * 1
--   - make negentropy.shapes.label a plain column, keeping its values
--   - add column negentropy.shapes.perim integer GENERATED ALWAYS AS (2 * (w + h)) VIRTUAL
--
-- Hazards:
--   - change the generation expression of negentropy.shapes.area to w * h * 1: recomputes the stored column for every row: rewrites negentropy.shapes (ACCESS EXCLUSIVE on negentropy.shapes)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.shapes DROP COLUMN perim;

ALTER TABLE negentropy.shapes ALTER COLUMN area SET EXPRESSION AS (w * h * 1);

ALTER TABLE negentropy.shapes ALTER COLUMN label DROP EXPRESSION;

ALTER TABLE negentropy.shapes ADD COLUMN perim integer GENERATED ALWAYS AS (2 * (w + h)) VIRTUAL;
