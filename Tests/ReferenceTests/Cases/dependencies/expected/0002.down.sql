-- strata revision 0002_dependencies (down)
-- parent: 0001_dependencies
-- message: step 2
--
-- Changes:
--   - rename enum negentropy.hue to color
--   - rename column negentropy.a.label to code
--   - drop foreign key child_parent_id_fkey on negentropy.child
--   - drop table negentropy.grandchild
--   - drop unique constraint uq_a_label on negentropy.a
--   - drop primary key parent_pkey on negentropy.parent
--   - drop unique constraint uq_parent_id on negentropy.parent
--   - drop column negentropy.child.counter
--   - recreate enum negentropy.color as ('red', 'green'), dropping 'blue'
--   - create table negentropy.b
--   - drop the default of negentropy.a.amount
--   - change the type of negentropy.a.amount from bigint to integer
--   - set the default of negentropy.a.amount to 0
--   - add column negentropy.a.b_id integer
--   - make negentropy.child.note a plain column, keeping its values
--   - add primary key parent_pkey on negentropy.parent (id)
--   - add foreign key a_b_id_fkey on negentropy.a (b_id) referencing negentropy.b (id)
--   - add foreign key child_parent_id_fkey on negentropy.child (parent_id) referencing negentropy.parent (id)
--   - add foreign key b_a_id_fkey on negentropy.b (a_id) referencing negentropy.a (id)
--   - set the comment on schema negentropy
--   - drop enum negentropy.color_old
--
-- Hazards:
--   - drop foreign key child_parent_id_fkey on negentropy.child: dropping child_parent_id_fkey briefly blocks all access to both tables (ACCESS EXCLUSIVE on negentropy.child and negentropy.parent)
--   - drop table negentropy.grandchild: deletes every row of negentropy.grandchild (ACCESS EXCLUSIVE on negentropy.grandchild)
--   - drop column negentropy.child.counter: deletes the data of column negentropy.child.counter (ACCESS EXCLUSIVE on negentropy.child)
--   - recreate enum negentropy.color as ('red', 'green'), dropping 'blue': drops enum value 'blue': rows of negentropy.child.shade holding it make the conversion fail; update them first; converting to the recreated type rewrites negentropy.child (ACCESS EXCLUSIVE on negentropy.child)
--   - change the type of negentropy.a.amount from bigint to integer: narrows negentropy.a.amount from bigint to integer: values that do not fit fail the statement or lose precision; rewrites negentropy.a and all its indexes (ACCESS EXCLUSIVE on negentropy.a)
--   - add primary key parent_pkey on negentropy.parent (id): builds the unique index parent_pkey over all of negentropy.parent (ACCESS EXCLUSIVE on negentropy.parent)
--   - add foreign key a_b_id_fkey on negentropy.a (b_id) referencing negentropy.b (id): scans all of negentropy.a to validate a_b_id_fkey (SHARE ROW EXCLUSIVE on negentropy.a and negentropy.b)
--   - add foreign key child_parent_id_fkey on negentropy.child (parent_id) referencing negentropy.parent (id): scans all of negentropy.child to validate child_parent_id_fkey (SHARE ROW EXCLUSIVE on negentropy.child and negentropy.parent)
--   - add foreign key b_a_id_fkey on negentropy.b (a_id) referencing negentropy.a (id): blocks writes to negentropy.a while b_a_id_fkey is added (SHARE ROW EXCLUSIVE on negentropy.b and negentropy.a)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TYPE negentropy.hue RENAME TO color;

ALTER TABLE negentropy.a RENAME COLUMN label TO code;

ALTER TABLE negentropy.child DROP CONSTRAINT child_parent_id_fkey;

DROP TABLE negentropy.grandchild;

ALTER TABLE negentropy.a DROP CONSTRAINT uq_a_label;

ALTER TABLE negentropy.parent DROP CONSTRAINT parent_pkey;

ALTER TABLE negentropy.parent DROP CONSTRAINT uq_parent_id;

ALTER TABLE negentropy.child DROP COLUMN counter;

ALTER TYPE negentropy.color RENAME TO color_old;

CREATE TYPE negentropy.color AS ENUM ('red', 'green');

ALTER TABLE negentropy.child
    ALTER COLUMN shade TYPE negentropy.color USING shade::text::negentropy.color;

CREATE TABLE negentropy.b (
    id integer NOT NULL,
    a_id integer,
    CONSTRAINT b_pkey PRIMARY KEY (id)
);

ALTER TABLE negentropy.a ALTER COLUMN amount DROP DEFAULT;

ALTER TABLE negentropy.a ALTER COLUMN amount TYPE integer;

ALTER TABLE negentropy.a ALTER COLUMN amount SET DEFAULT 0;

ALTER TABLE negentropy.a ADD COLUMN b_id integer;

ALTER TABLE negentropy.child ALTER COLUMN note DROP EXPRESSION;

ALTER TABLE negentropy.parent ADD CONSTRAINT parent_pkey PRIMARY KEY (id);

ALTER TABLE negentropy.a ADD CONSTRAINT a_b_id_fkey FOREIGN KEY (b_id) REFERENCES negentropy.b (id);

ALTER TABLE negentropy.child ADD CONSTRAINT child_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES negentropy.parent (id);

ALTER TABLE negentropy.b ADD CONSTRAINT b_a_id_fkey FOREIGN KEY (a_id) REFERENCES negentropy.a (id);

COMMENT ON SCHEMA negentropy IS 'Agent memory';

DROP TYPE negentropy.color_old;
