-- strata revision 0001_identity (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.counters
--
-- Hazards:
--   - drop table negentropy.counters: deletes every row of negentropy.counters (ACCESS EXCLUSIVE on negentropy.counters)

DROP TABLE negentropy.counters;
