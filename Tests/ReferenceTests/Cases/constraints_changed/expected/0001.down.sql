-- strata revision 0001_constraints_changed (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.children
--   - drop table negentropy.parents
--
-- Hazards:
--   - drop table negentropy.children: deletes every row of negentropy.children (ACCESS EXCLUSIVE on negentropy.children)
--   - drop table negentropy.parents: deletes every row of negentropy.parents (ACCESS EXCLUSIVE on negentropy.parents)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP TABLE negentropy.children;

DROP TABLE negentropy.parents;
