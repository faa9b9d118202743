-- strata revision 0001_dependencies (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop foreign key a_b_id_fkey on negentropy.a
--   - drop table negentropy.b
--   - drop table negentropy.a
--   - drop table negentropy.child
--   - drop table negentropy.parent
--   - remove the comment on schema negentropy
--   - drop enum negentropy.color
--
-- Hazards:
--   - drop foreign key a_b_id_fkey on negentropy.a: dropping a_b_id_fkey briefly blocks all access to both tables (ACCESS EXCLUSIVE on negentropy.a and negentropy.b)
--   - drop table negentropy.b: deletes every row of negentropy.b (ACCESS EXCLUSIVE on negentropy.b)
--   - drop table negentropy.a: deletes every row of negentropy.a (ACCESS EXCLUSIVE on negentropy.a)
--   - drop table negentropy.child: deletes every row of negentropy.child (ACCESS EXCLUSIVE on negentropy.child)
--   - drop table negentropy.parent: deletes every row of negentropy.parent (ACCESS EXCLUSIVE on negentropy.parent)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.a DROP CONSTRAINT a_b_id_fkey;

DROP TABLE negentropy.b;

DROP TABLE negentropy.a;

DROP TABLE negentropy.child;

DROP TABLE negentropy.parent;

COMMENT ON SCHEMA negentropy IS NULL;

DROP TYPE negentropy.color;
