-- strata revision 0002_type_change_claims (down)
-- parent: 0001_type_change_claims
-- message: claims that are true
--
-- Changes:
--   - add value 'obsolete' to enum negentropy.mood after 'sad'
--   - change the type of negentropy.readings.network from inet to cidr
--   - change the type of negentropy.readings.taken_at from timestamp(6) without time zone to timestamp(3) without time zone
--   - change the type of negentropy.readings.span from interval to interval(3)
--   - change the type of negentropy.readings.code from character varying(5) to character(5)
--   - change the type of negentropy.readings.payload from jsonb to json
--   - change the type of negentropy.readings.note from jsonb to text using note::text
--   - change the type of negentropy.readings.label from character varying(5) to character varying(10)
--   - set the default of negentropy.readings.mood to 'obsolete'
--
-- Hazards:
--   - change the type of negentropy.readings.network from inet to cidr: rewrites negentropy.readings and all its indexes (ACCESS EXCLUSIVE on negentropy.readings)
--   - change the type of negentropy.readings.taken_at from timestamp(6) without time zone to timestamp(3) without time zone: narrows negentropy.readings.taken_at from timestamp(6) without time zone to timestamp(3) without time zone: values that do not fit fail the statement or lose precision; rewrites negentropy.readings and all its indexes (ACCESS EXCLUSIVE on negentropy.readings)
--   - change the type of negentropy.readings.span from interval to interval(3): narrows negentropy.readings.span from interval to interval(3): values that do not fit fail the statement or lose precision; rewrites negentropy.readings and all its indexes (ACCESS EXCLUSIVE on negentropy.readings)
--   - change the type of negentropy.readings.code from character varying(5) to character(5): rewrites negentropy.readings and all its indexes (ACCESS EXCLUSIVE on negentropy.readings)
--   - change the type of negentropy.readings.payload from jsonb to json: rewrites negentropy.readings and all its indexes (ACCESS EXCLUSIVE on negentropy.readings)
--   - change the type of negentropy.readings.note from jsonb to text using note::text: rewrites negentropy.readings and all its indexes (ACCESS EXCLUSIVE on negentropy.readings)

-- strata:no-transaction
ALTER TYPE negentropy.mood ADD VALUE IF NOT EXISTS 'obsolete' AFTER 'sad';

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.readings
    ALTER COLUMN network TYPE cidr,
    ALTER COLUMN taken_at TYPE timestamp(3) without time zone,
    ALTER COLUMN span TYPE interval(3),
    ALTER COLUMN code TYPE character(5),
    ALTER COLUMN payload TYPE json,
    ALTER COLUMN note TYPE text USING note::text,
    ALTER COLUMN label TYPE character varying(10);

ALTER TABLE negentropy.readings ALTER COLUMN mood SET DEFAULT 'obsolete';
