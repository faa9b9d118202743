-- strata revision 0003_generated_columns (up)
-- parent: 0002_generated_columns
-- message: step 3
--
-- Changes:
--   - drop column negentropy.shapes.area
--   - drop column negentropy.shapes.perim
--   - change the type of negentropy.shapes.w from integer to bigint
--   - add column negentropy.shapes.area bigint GENERATED ALWAYS AS (w * h * 1) STORED
--   - add column negentropy.shapes.perim integer GENERATED ALWAYS AS (2 * (w + h)) VIRTUAL
--
-- Hazards:
--   - change the type of negentropy.shapes.w from integer to bigint: rewrites negentropy.shapes and all its indexes (ACCESS EXCLUSIVE on negentropy.shapes)
--   - add column negentropy.shapes.area bigint GENERATED ALWAYS AS (w * h * 1) STORED: adding stored generated column negentropy.shapes.area rewrites negentropy.shapes (ACCESS EXCLUSIVE on negentropy.shapes)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.shapes DROP COLUMN area;

ALTER TABLE negentropy.shapes DROP COLUMN perim;

ALTER TABLE negentropy.shapes ALTER COLUMN w TYPE bigint;

ALTER TABLE negentropy.shapes ADD COLUMN area bigint GENERATED ALWAYS AS (w * h * 1) STORED;

ALTER TABLE negentropy.shapes ADD COLUMN perim integer GENERATED ALWAYS AS (2 * (w + h)) VIRTUAL;
