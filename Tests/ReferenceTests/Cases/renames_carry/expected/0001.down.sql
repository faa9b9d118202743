-- strata revision 0001_renames_carry (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.items
--
-- Hazards:
--   - drop table negentropy.items: deletes every row of negentropy.items (ACCESS EXCLUSIVE on negentropy.items)

DROP TABLE negentropy.items;
