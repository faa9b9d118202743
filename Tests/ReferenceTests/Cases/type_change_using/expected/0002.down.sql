-- strata revision 0002_type_change_using (down)
-- parent: 0001_type_change_using
-- message: step 2
--
-- Changes:
--   - change the type of negentropy.items.id from bigint to integer
--   - change the type of negentropy.items.code from character varying(40) to character varying(10)
--   - change the type of negentropy.items.qty from integer to text using qty::text
--   - change the type of negentropy.items.price from numeric(12,2) to numeric(10,2)
--
-- Hazards:
--   - change the type of negentropy.items.id from bigint to integer: narrows negentropy.items.id from bigint to integer: values that do not fit fail the statement or lose precision; rewrites negentropy.items and all its indexes (ACCESS EXCLUSIVE on negentropy.items)
--   - change the type of negentropy.items.code from character varying(40) to character varying(10): narrows negentropy.items.code from character varying(40) to character varying(10): values longer than 10 characters fail the statement, except those too long only by trailing spaces, which are cut to 10 silently; rewrites negentropy.items and all its indexes (ACCESS EXCLUSIVE on negentropy.items)
--   - change the type of negentropy.items.qty from integer to text using qty::text: rewrites negentropy.items and all its indexes (ACCESS EXCLUSIVE on negentropy.items)
--   - change the type of negentropy.items.price from numeric(12,2) to numeric(10,2): narrows negentropy.items.price from numeric(12,2) to numeric(10,2): values that do not fit fail the statement or lose precision; rewrites negentropy.items and all its indexes (ACCESS EXCLUSIVE on negentropy.items)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.items
    ALTER COLUMN id TYPE integer,
    ALTER COLUMN code TYPE character varying(10),
    ALTER COLUMN qty TYPE text USING qty::text,
    ALTER COLUMN price TYPE numeric(10,2);
