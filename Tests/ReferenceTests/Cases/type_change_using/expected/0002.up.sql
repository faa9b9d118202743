-- strata revision 0002_type_change_using (up)
-- parent: 0001_type_change_using
-- message: step 2
--
-- Changes:
--   - change the type of negentropy.items.id from integer to bigint
--   - change the type of negentropy.items.code from character varying(10) to character varying(40)
--   - change the type of negentropy.items.qty from text to integer using qty::integer
--   - change the type of negentropy.items.price from numeric(10,2) to numeric(12,2)
--
-- Hazards:
--   - change the type of negentropy.items.id from integer to bigint: rewrites negentropy.items and all its indexes (ACCESS EXCLUSIVE on negentropy.items)
--   - change the type of negentropy.items.qty from text to integer using qty::integer: rewrites negentropy.items and all its indexes (ACCESS EXCLUSIVE on negentropy.items)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.items
    ALTER COLUMN id TYPE bigint,
    ALTER COLUMN code TYPE character varying(40),
    ALTER COLUMN qty TYPE integer USING qty::integer,
    ALTER COLUMN price TYPE numeric(12,2);
