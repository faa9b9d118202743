-- strata revision 0001_collation (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.words
--
-- Hazards:
--   - drop table negentropy.words: deletes every row of negentropy.words (ACCESS EXCLUSIVE on negentropy.words)

DROP TABLE negentropy.words;
