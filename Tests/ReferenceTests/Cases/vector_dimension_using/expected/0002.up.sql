-- strata revision 0002_vector_dimension_using (up)
-- parent: 0001_vector_dimension_using
-- message: step 2
--
-- Changes:
--   - change the type of negentropy.chunks.embedding from public.vector(3) to public.vector(4) using NULL
--
-- Hazards:
--   - change the type of negentropy.chunks.embedding from public.vector(3) to public.vector(4) using NULL: USING NULL discards every value of negentropy.chunks.embedding; rewrites negentropy.chunks and all its indexes (ACCESS EXCLUSIVE on negentropy.chunks)

ALTER TABLE negentropy.chunks ALTER COLUMN embedding TYPE public.vector(4) USING NULL;
