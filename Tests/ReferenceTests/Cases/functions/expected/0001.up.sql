-- strata revision 0001_functions (up)
-- parent: base
-- message: step 1
--
-- Changes:
--   - create schema negentropy
--   - create extension vector in schema public
--   - create table negentropy.memories
--   - create or take over function negentropy.add_one(bigint)
--   - create or take over function negentropy.add_one(integer)
--   - create or take over function negentropy.calculate_retention_score(integer, timestamp with time zone, double precision)
--   - create or take over procedure negentropy.forget_user(text)
--   - create or take over function negentropy.greet(text)
--   - create or take over function negentropy.hybrid_search(character varying, public.vector, integer)
--   - create or take over function negentropy.memories_not_marked()
--   - create or take over function negentropy.memory_count(text)
--   - create or take over function negentropy.touch_updated_at()
--
-- Hazards:
--   none

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

CREATE SCHEMA IF NOT EXISTS negentropy;

CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;

CREATE TABLE negentropy.memories (
    id uuid NOT NULL,
    user_id character varying(255) NOT NULL,
    content text NOT NULL,
    embedding public.vector(3),
    importance double precision DEFAULT 0.5 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT memories_pkey PRIMARY KEY (id)
);

CREATE OR REPLACE FUNCTION negentropy.add_one(a bigint)
 RETURNS bigint
 LANGUAGE sql
 IMMUTABLE
AS $function$SELECT a + 1$function$;

CREATE OR REPLACE FUNCTION negentropy.add_one(a integer)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE STRICT PARALLEL SAFE
AS $function$SELECT a + 1$function$;

CREATE OR REPLACE FUNCTION negentropy.calculate_retention_score(p_access_count integer, p_last_access timestamp with time zone, p_decay double precision DEFAULT 0.1)
 RETURNS double precision
 LANGUAGE plpgsql
 STABLE
AS $function$
  -- decays with age
  BEGIN
	RETURN p_access_count * exp(-p_decay * extract(epoch FROM now() - p_last_access) / 86400);   /* trailing */
  END
$function$;

COMMENT ON FUNCTION negentropy.calculate_retention_score(integer, timestamp with time zone, double precision) IS 'Retention score of one memory';

CREATE OR REPLACE PROCEDURE negentropy.forget_user(p_user_id text)
 LANGUAGE plpgsql
 SECURITY DEFINER
AS $procedure$BEGIN
  DELETE FROM memories WHERE user_id = p_user_id;
END;
$procedure$;

CREATE OR REPLACE FUNCTION negentropy.greet(p_name text DEFAULT 'world')
 RETURNS text
 LANGUAGE sql
AS $function$SELECT 'hello ' || p_name$function$;

CREATE OR REPLACE FUNCTION negentropy.hybrid_search(p_user_id character varying(255), p_query public.vector(3), p_limit integer DEFAULT 50)
 RETURNS TABLE(id uuid, score real)
 LANGUAGE plpgsql
 STABLE
 SET search_path = negentropy, public, pg_temp
AS $function$BEGIN
  RETURN QUERY
    SELECT m.id, (1 - (m.embedding <=> p_query))::real
    FROM memories AS m
    WHERE m.user_id = p_user_id
    ORDER BY m.embedding <=> p_query
    LIMIT p_limit;
END;
$function$;

CREATE OR REPLACE FUNCTION negentropy.memories_not_marked()
 RETURNS SETOF negentropy.memories
 LANGUAGE sql
AS $function2$SELECT * FROM negentropy.memories WHERE content <> '$function$'$function2$;

CREATE OR REPLACE FUNCTION negentropy.memory_count(p_user_id text)
 RETURNS bigint
 LANGUAGE sql
 STABLE
BEGIN ATOMIC
SELECT count(*) FROM negentropy.memories WHERE user_id = p_user_id;
END;

CREATE OR REPLACE FUNCTION negentropy.touch_updated_at()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$function$;
