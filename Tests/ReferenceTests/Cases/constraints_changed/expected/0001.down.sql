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

DROP TABLE negentropy.children;

DROP TABLE negentropy.parents;
