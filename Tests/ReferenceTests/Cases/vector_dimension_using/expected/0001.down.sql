-- strata revision 0001_vector_dimension_using (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.chunks
--
-- Hazards:
--   - drop table negentropy.chunks: deletes every row of negentropy.chunks (ACCESS EXCLUSIVE on negentropy.chunks)

DROP TABLE negentropy.chunks;
