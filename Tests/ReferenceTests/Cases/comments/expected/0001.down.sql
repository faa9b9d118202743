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

DROP TABLE negentropy.people;

DROP TYPE negentropy.mood;
