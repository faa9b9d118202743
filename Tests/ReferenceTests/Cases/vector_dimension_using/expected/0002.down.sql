-- strata revision 0002_vector_dimension_using (down)
-- parent: 0001_vector_dimension_using
-- message: step 2
--
-- Changes:
--   - change the type of negentropy.chunks.embedding from public.vector(4) to public.vector(3) using NULL
--
-- Hazards:
--   - change the type of negentropy.chunks.embedding from public.vector(4) to public.vector(3) using NULL: USING NULL discards every value of negentropy.chunks.embedding; rewrites negentropy.chunks and all its indexes (ACCESS EXCLUSIVE on negentropy.chunks)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.chunks ALTER COLUMN embedding TYPE public.vector(3) USING NULL;
