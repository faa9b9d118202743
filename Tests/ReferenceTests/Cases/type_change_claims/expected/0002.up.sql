-- strata revision 0002_type_change_claims (up)
-- parent: 0001_type_change_claims
-- message: claims that are true
--
-- Changes:
--   - recreate enum negentropy.mood as ('happy', 'sad'), dropping 'obsolete'
--   - change the type of negentropy.readings.network from cidr to inet
--   - change the type of negentropy.readings.taken_at from timestamp(3) without time zone to timestamp(6) without time zone
--   - change the type of negentropy.readings.span from interval(3) to interval
--   - change the type of negentropy.readings.code from character(5) to character varying(5)
--   - change the type of negentropy.readings.payload from json to jsonb
--   - change the type of negentropy.readings.note from text to jsonb using note::jsonb
--   - change the type of negentropy.readings.label from character varying(10) to character varying(5)
--   - drop enum negentropy.mood_old
--
-- Hazards:
--   - recreate enum negentropy.mood as ('happy', 'sad'), dropping 'obsolete': drops enum value 'obsolete': rows of negentropy.readings.mood holding it make the conversion fail; update them first; converting to the recreated type rewrites negentropy.readings (ACCESS EXCLUSIVE on negentropy.readings)
--   - change the type of negentropy.readings.code from character(5) to character varying(5): character(5) values of negentropy.readings.code lose their trailing spaces (the padding) as character varying(5); rewrites negentropy.readings and all its indexes (ACCESS EXCLUSIVE on negentropy.readings)
--   - change the type of negentropy.readings.payload from json to jsonb: converting negentropy.readings.payload from json to jsonb changes the stored values: duplicate object keys collapse to the last one, key order and whitespace are normalized, and the down script cannot restore the original text; rewrites negentropy.readings and all its indexes (ACCESS EXCLUSIVE on negentropy.readings)
--   - change the type of negentropy.readings.note from text to jsonb using note::jsonb: converting negentropy.readings.note from text to jsonb changes the stored values: duplicate object keys collapse to the last one, key order and whitespace are normalized, and the down script cannot restore the original text; rewrites negentropy.readings and all its indexes (ACCESS EXCLUSIVE on negentropy.readings)
--   - change the type of negentropy.readings.label from character varying(10) to character varying(5): narrows negentropy.readings.label from character varying(10) to character varying(5): values longer than 5 characters fail the statement, except those too long only by trailing spaces, which are cut to 5 silently; rewrites negentropy.readings and all its indexes (ACCESS EXCLUSIVE on negentropy.readings)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TYPE negentropy.mood RENAME TO mood_old;

CREATE TYPE negentropy.mood AS ENUM ('happy', 'sad');

ALTER TABLE negentropy.readings
    ALTER COLUMN mood DROP DEFAULT,
    ALTER COLUMN mood TYPE negentropy.mood USING mood::text::negentropy.mood,
    ALTER COLUMN mood SET DEFAULT 'happy';

ALTER TABLE negentropy.readings
    ALTER COLUMN network TYPE inet,
    ALTER COLUMN taken_at TYPE timestamp(6) without time zone,
    ALTER COLUMN span TYPE interval,
    ALTER COLUMN code TYPE character varying(5),
    ALTER COLUMN payload TYPE jsonb,
    ALTER COLUMN note TYPE jsonb USING note::jsonb,
    ALTER COLUMN label TYPE character varying(5);

DROP TYPE negentropy.mood_old;
