-- strata revision 0001_comments (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.people
--   - drop enum negentropy.mood
--
-- Hazards:
--   - drop table negentropy.people: deletes every row of negentropy.people (ACCESS EXCLUSIVE on negentropy.people)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP TABLE negentropy.people;

DROP TYPE negentropy.mood;
