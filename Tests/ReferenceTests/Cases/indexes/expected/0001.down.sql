-- strata revision 0001_indexes (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.docs
--
-- Hazards:
--   - drop table negentropy.docs: deletes every row of negentropy.docs (ACCESS EXCLUSIVE on negentropy.docs)

DROP TABLE negentropy.docs;
