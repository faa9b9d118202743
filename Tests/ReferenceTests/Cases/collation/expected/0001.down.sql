-- strata revision 0001_collation (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.words
--
-- Hazards:
--   - drop table negentropy.words: deletes every row of negentropy.words (ACCESS EXCLUSIVE on negentropy.words)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP TABLE negentropy.words;
