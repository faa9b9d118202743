-- strata revision 0002_generated_columns (down)
-- parent: 0001_generated_columns
-- message: step 2
--
-- Changes:
--   - drop column negentropy.shapes.perim
--   - drop column negentropy.shapes.label
--   - change the generation expression of negentropy.shapes.area to w * h
--   - add column negentropy.shapes.perim integer GENERATED ALWAYS AS (2 * (w + h)) STORED
--   - add column negentropy.shapes.label text GENERATED ALWAYS AS (w::text || 'x' || h::text) STORED
--
-- Hazards:
--   - drop column negentropy.shapes.label: deletes the data of column negentropy.shapes.label (ACCESS EXCLUSIVE on negentropy.shapes)
--   - change the generation expression of negentropy.shapes.area to w * h: recomputes the stored column for every row: rewrites negentropy.shapes (ACCESS EXCLUSIVE on negentropy.shapes)
--   - add column negentropy.shapes.perim integer GENERATED ALWAYS AS (2 * (w + h)) STORED: adding stored generated column negentropy.shapes.perim rewrites negentropy.shapes (ACCESS EXCLUSIVE on negentropy.shapes)
--   - add column negentropy.shapes.label text GENERATED ALWAYS AS (w::text || 'x' || h::text) STORED: adding stored generated column negentropy.shapes.label rewrites negentropy.shapes (ACCESS EXCLUSIVE on negentropy.shapes)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.shapes DROP COLUMN perim;

ALTER TABLE negentropy.shapes DROP COLUMN label;

ALTER TABLE negentropy.shapes ALTER COLUMN area SET EXPRESSION AS (w * h);

ALTER TABLE negentropy.shapes ADD COLUMN perim integer GENERATED ALWAYS AS (2 * (w + h)) STORED;

ALTER TABLE negentropy.shapes ADD COLUMN label text GENERATED ALWAYS AS (w::text || 'x' || h::text) STORED;
