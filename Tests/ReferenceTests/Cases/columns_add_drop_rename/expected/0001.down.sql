-- strata revision 0001_columns_add_drop_rename (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.notes
--
-- Hazards:
--   - drop table negentropy.notes: deletes every row of negentropy.notes (ACCESS EXCLUSIVE on negentropy.notes)

DROP TABLE negentropy.notes;
