-- strata revision 0001_function_rename (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop function negentropy.add_one(integer)
--   - drop function negentropy.calculate_retention_score(integer, timestamp with time zone, double precision)
--   - drop procedure negentropy.forget_user(text)
--   - drop function negentropy.greet(text)
--   - drop function negentropy.hybrid_search(character varying, public.vector, integer)
--   - drop function negentropy.memories_not_marked()
--   - drop function negentropy.memory_count(text)
--   - drop function negentropy.touch_updated_at()
--   - drop table negentropy.memories
--
-- Hazards:
--   - drop function negentropy.add_one(integer): its callers fail from then on; a view, trigger or atomic routine using it makes the DROP fail (RESTRICT) (ACCESS EXCLUSIVE on function negentropy.add_one(integer))
--   - drop function negentropy.calculate_retention_score(integer, timestamp with time zone, double precision): its callers fail from then on; a view, trigger or atomic routine using it makes the DROP fail (RESTRICT) (ACCESS EXCLUSIVE on function negentropy.calculate_retention_score(integer, timestamp with time zone, double precision))
--   - drop procedure negentropy.forget_user(text): its callers fail from then on; a view, trigger or atomic routine using it makes the DROP fail (RESTRICT) (ACCESS EXCLUSIVE on procedure negentropy.forget_user(text))
--   - drop function negentropy.greet(text): its callers fail from then on; a view, trigger or atomic routine using it makes the DROP fail (RESTRICT) (ACCESS EXCLUSIVE on function negentropy.greet(text))
--   - drop function negentropy.hybrid_search(character varying, public.vector, integer): its callers fail from then on; a view, trigger or atomic routine using it makes the DROP fail (RESTRICT) (ACCESS EXCLUSIVE on function negentropy.hybrid_search(character varying, public.vector, integer))
--   - drop function negentropy.memories_not_marked(): its callers fail from then on; a view, trigger or atomic routine using it makes the DROP fail (RESTRICT) (ACCESS EXCLUSIVE on function negentropy.memories_not_marked())
--   - drop function negentropy.memory_count(text): its callers fail from then on; a view, trigger or atomic routine using it makes the DROP fail (RESTRICT) (ACCESS EXCLUSIVE on function negentropy.memory_count(text))
--   - drop function negentropy.touch_updated_at(): its callers fail from then on; a view, trigger or atomic routine using it makes the DROP fail (RESTRICT) (ACCESS EXCLUSIVE on function negentropy.touch_updated_at())
--   - drop table negentropy.memories: deletes every row of negentropy.memories (ACCESS EXCLUSIVE on negentropy.memories)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP FUNCTION negentropy.add_one(integer) RESTRICT;

DROP FUNCTION negentropy.calculate_retention_score(integer, timestamp with time zone, double precision) RESTRICT;

DROP PROCEDURE negentropy.forget_user(text) RESTRICT;

DROP FUNCTION negentropy.greet(text) RESTRICT;

DROP FUNCTION negentropy.hybrid_search(character varying, public.vector, integer) RESTRICT;

DROP FUNCTION negentropy.memories_not_marked() RESTRICT;

DROP FUNCTION negentropy.memory_count(text) RESTRICT;

DROP FUNCTION negentropy.touch_updated_at() RESTRICT;

DROP TABLE negentropy.memories;
