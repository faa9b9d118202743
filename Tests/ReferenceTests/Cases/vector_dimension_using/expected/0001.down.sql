-- strata revision 0001_vector_dimension_using (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.chunks
--
-- Hazards:
--   - drop table negentropy.chunks: deletes every row of negentropy.chunks (ACCESS EXCLUSIVE on negentropy.chunks)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP TABLE negentropy.chunks;
