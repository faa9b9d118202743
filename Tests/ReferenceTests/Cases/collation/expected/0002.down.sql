-- strata revision 0002_collation (down)
-- parent: 0001_collation
-- message: step 2
--
-- Changes:
--   - change the collation of negentropy.words.word to the default
--   - change the collation of negentropy.words.code to "C"
--
-- Hazards:
--   - change the collation of negentropy.words.word to the default: rebuilds the indexes on negentropy.words.word for the new collation (ACCESS EXCLUSIVE on negentropy.words)
--   - change the collation of negentropy.words.code to "C": rebuilds the indexes on negentropy.words.code for the new collation (ACCESS EXCLUSIVE on negentropy.words)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.words
    ALTER COLUMN word TYPE text COLLATE "default",
    ALTER COLUMN code TYPE character varying(20) COLLATE "C";
