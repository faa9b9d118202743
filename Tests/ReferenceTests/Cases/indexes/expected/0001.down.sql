-- strata revision 0001_indexes (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.docs
--
-- Hazards:
--   - drop table negentropy.docs: deletes every row of negentropy.docs (ACCESS EXCLUSIVE on negentropy.docs)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP TABLE negentropy.docs;
