-- strata revision 0001_generated_columns (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.shapes
--
-- Hazards:
--   - drop table negentropy.shapes: deletes every row of negentropy.shapes (ACCESS EXCLUSIVE on negentropy.shapes)

DROP TABLE negentropy.shapes;
