-- strata revision 0002_unique_on_primary_key (down)
-- parent: 0001_unique_on_primary_key
-- message: drop note, add label (not a rename)
--
-- Changes:
--   - drop column negentropy.accounts.score
--   - drop column negentropy.pairs.label
--   - add column negentropy.pairs.note character varying(20)
--
-- Hazards:
--   - drop column negentropy.accounts.score: deletes the data of column negentropy.accounts.score (ACCESS EXCLUSIVE on negentropy.accounts)
--   - drop column negentropy.pairs.label: deletes the data of column negentropy.pairs.label (ACCESS EXCLUSIVE on negentropy.pairs)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.accounts DROP COLUMN score;

ALTER TABLE negentropy.pairs DROP COLUMN label;

ALTER TABLE negentropy.pairs ADD COLUMN note character varying(20);
