-- strata revision 0002_unique_on_primary_key (up)
-- parent: 0001_unique_on_primary_key
-- message: drop note, add label (not a rename)
--
-- Changes:
--   - drop column negentropy.pairs.note
--   - add column negentropy.accounts.score integer NOT NULL DEFAULT 0
--   - add column negentropy.pairs.label character varying(20)
--
-- Hazards:
--   - drop column negentropy.pairs.note: deletes the data of column negentropy.pairs.note (not a rename: no renamed_from on the new column label) (ACCESS EXCLUSIVE on negentropy.pairs)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.pairs DROP COLUMN note;

ALTER TABLE negentropy.accounts ADD COLUMN score integer DEFAULT 0 NOT NULL;

ALTER TABLE negentropy.pairs ADD COLUMN label character varying(20);
