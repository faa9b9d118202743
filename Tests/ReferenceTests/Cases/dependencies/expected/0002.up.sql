-- strata revision 0002_dependencies (up)
-- parent: 0001_dependencies
-- message: step 2
--
-- Changes:
--   - add value 'blue' to enum negentropy.color after 'green'
--   - rename enum negentropy.color to hue
--   - rename column negentropy.a.code to label
--   - drop foreign key a_b_id_fkey on negentropy.a
--   - drop foreign key child_parent_id_fkey on negentropy.child
--   - drop table negentropy.b
--   - drop column negentropy.a.b_id
--   - drop column negentropy.child.note
--   - create sequence negentropy.child_counter_seq
--   - create table negentropy.grandchild
--   - drop the default of negentropy.a.amount
--   - change the type of negentropy.a.amount from integer to bigint
--   - set the default of negentropy.a.amount to 1
--   - add column negentropy.child.note text GENERATED ALWAYS AS ('n' || id::text) STORED
--   - add column negentropy.child.counter integer NOT NULL DEFAULT nextval('negentropy.child_counter_seq'::regclass)
--   - make sequence negentropy.child_counter_seq owned by negentropy.child.counter
--   - add foreign key grandchild_child_id_fkey on negentropy.grandchild (child_id) referencing negentropy.child (id)
--   - set the comment on schema negentropy
--   - create unique index uq_a_label on negentropy.a concurrently
--   - create unique index parent_pkey_strata_new on negentropy.parent concurrently
--   - create unique index uq_parent_id on negentropy.parent concurrently
--   - create index ix_child_note_strata_new on negentropy.child concurrently
--   - drop index negentropy.ix_child_note concurrently
--   - rename index negentropy.ix_child_note_strata_new to ix_child_note, replacing the old definition
--   - add unique constraint uq_a_label on negentropy.a using its index
--   - replace primary key parent_pkey on negentropy.parent with the index negentropy.parent_pkey_strata_new in one statement (the old one holds until then)
--   - add unique constraint uq_parent_id on negentropy.parent using its index
--   - add foreign key child_parent_id_fkey on negentropy.child (parent_id) referencing negentropy.parent (id) NOT VALID (new rows only)
--   - validate constraint child_parent_id_fkey on negentropy.child
--   - add foreign key fk_grandchild_a on negentropy.grandchild (a_label) referencing negentropy.a (label) NOT VALID (new rows only)
--   - validate constraint fk_grandchild_a on negentropy.grandchild
--
-- Hazards:
--   - drop foreign key a_b_id_fkey on negentropy.a: dropping a_b_id_fkey briefly blocks all access to both tables (ACCESS EXCLUSIVE on negentropy.a and negentropy.b)
--   - drop foreign key child_parent_id_fkey on negentropy.child: dropping child_parent_id_fkey briefly blocks all access to both tables (ACCESS EXCLUSIVE on negentropy.child and negentropy.parent)
--   - drop table negentropy.b: deletes every row of negentropy.b (ACCESS EXCLUSIVE on negentropy.b)
--   - drop column negentropy.a.b_id: deletes the data of column negentropy.a.b_id (ACCESS EXCLUSIVE on negentropy.a)
--   - drop column negentropy.child.note: deletes the data of column negentropy.child.note (ACCESS EXCLUSIVE on negentropy.child)
--   - change the type of negentropy.a.amount from integer to bigint: rewrites negentropy.a and all its indexes (ACCESS EXCLUSIVE on negentropy.a)
--   - add column negentropy.child.note text GENERATED ALWAYS AS ('n' || id::text) STORED: adding stored generated column negentropy.child.note rewrites negentropy.child (ACCESS EXCLUSIVE on negentropy.child)
--   - add column negentropy.child.counter integer NOT NULL DEFAULT nextval('negentropy.child_counter_seq'::regclass): the volatile default nextval('negentropy.child_counter_seq'::regclass) is computed for every row: rewrites negentropy.child (ACCESS EXCLUSIVE on negentropy.child)
--   - add foreign key grandchild_child_id_fkey on negentropy.grandchild (child_id) referencing negentropy.child (id): blocks writes to negentropy.child while grandchild_child_id_fkey is added (SHARE ROW EXCLUSIVE on negentropy.grandchild and negentropy.child)
--   - create unique index uq_a_label on negentropy.a concurrently: builds uq_a_label without blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.a)
--   - create unique index parent_pkey_strata_new on negentropy.parent concurrently: builds parent_pkey_strata_new without blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.parent)
--   - create unique index uq_parent_id on negentropy.parent concurrently: builds uq_parent_id without blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.parent)
--   - create index ix_child_note_strata_new on negentropy.child concurrently: builds ix_child_note_strata_new without blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.child)
--   - add foreign key child_parent_id_fkey on negentropy.child (parent_id) referencing negentropy.parent (id) NOT VALID (new rows only): briefly blocks writes to negentropy.child and negentropy.parent while child_parent_id_fkey is added (no scan) (SHARE ROW EXCLUSIVE on negentropy.child and negentropy.parent)
--   - validate constraint child_parent_id_fkey on negentropy.child: scans all of negentropy.child to validate child_parent_id_fkey without blocking writes, after the revision's transaction; rows that violate it leave the revision incomplete until they are fixed (SHARE UPDATE EXCLUSIVE on negentropy.child; ROW SHARE on negentropy.parent)
--   - add foreign key fk_grandchild_a on negentropy.grandchild (a_label) referencing negentropy.a (label) NOT VALID (new rows only): briefly blocks writes to negentropy.grandchild and negentropy.a while fk_grandchild_a is added (no scan) (SHARE ROW EXCLUSIVE on negentropy.grandchild and negentropy.a)
--   - validate constraint fk_grandchild_a on negentropy.grandchild: scans all of negentropy.grandchild to validate fk_grandchild_a without blocking writes, after the revision's transaction; rows that violate it leave the revision incomplete until they are fixed (SHARE UPDATE EXCLUSIVE on negentropy.grandchild; ROW SHARE on negentropy.a)

-- strata:no-transaction
ALTER TYPE negentropy.color ADD VALUE IF NOT EXISTS 'blue' AFTER 'green';

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TYPE negentropy.color RENAME TO hue;

ALTER TABLE negentropy.a RENAME COLUMN code TO label;

ALTER TABLE negentropy.a DROP CONSTRAINT a_b_id_fkey;

ALTER TABLE negentropy.child DROP CONSTRAINT child_parent_id_fkey;

DROP TABLE negentropy.b;

ALTER TABLE negentropy.a DROP COLUMN b_id;

ALTER TABLE negentropy.child DROP COLUMN note;

CREATE SEQUENCE negentropy.child_counter_seq AS integer;

CREATE TABLE negentropy.grandchild (
    id integer NOT NULL,
    child_id integer NOT NULL,
    a_label text,
    CONSTRAINT grandchild_pkey PRIMARY KEY (id),
    CONSTRAINT uq_grandchild_child UNIQUE (child_id)
);

ALTER TABLE negentropy.a ALTER COLUMN amount DROP DEFAULT;

ALTER TABLE negentropy.a ALTER COLUMN amount TYPE bigint;

ALTER TABLE negentropy.a ALTER COLUMN amount SET DEFAULT 1;

ALTER TABLE negentropy.child ADD COLUMN note text GENERATED ALWAYS AS ('n' || id::text) STORED;

ALTER TABLE negentropy.child ADD COLUMN counter integer DEFAULT nextval('negentropy.child_counter_seq'::regclass) NOT NULL;

ALTER SEQUENCE negentropy.child_counter_seq OWNED BY negentropy.child.counter;

ALTER TABLE negentropy.grandchild ADD CONSTRAINT grandchild_child_id_fkey FOREIGN KEY (child_id) REFERENCES negentropy.child (id);

COMMENT ON SCHEMA negentropy IS 'Agent memory, v2';

-- strata:no-transaction
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_a_label ON negentropy.a USING btree (label);

-- strata:no-transaction
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS parent_pkey_strata_new ON negentropy.parent USING btree (id, other);

-- strata:no-transaction
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_parent_id ON negentropy.parent USING btree (id);

-- strata:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_child_note_strata_new ON negentropy.child USING btree (note);

-- strata:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS negentropy.ix_child_note;

-- strata:no-transaction
ALTER INDEX IF EXISTS negentropy.ix_child_note_strata_new RENAME TO ix_child_note;

-- strata:no-transaction
ALTER TABLE negentropy.a ADD CONSTRAINT uq_a_label UNIQUE USING INDEX uq_a_label;

-- strata:no-transaction
ALTER TABLE negentropy.parent DROP CONSTRAINT IF EXISTS parent_pkey, ADD CONSTRAINT parent_pkey PRIMARY KEY USING INDEX parent_pkey_strata_new;

-- strata:no-transaction
ALTER TABLE negentropy.parent ADD CONSTRAINT uq_parent_id UNIQUE USING INDEX uq_parent_id;

-- strata:no-transaction
ALTER TABLE negentropy.child ADD CONSTRAINT child_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES negentropy.parent (id) NOT VALID;

-- strata:no-transaction
ALTER TABLE negentropy.child VALIDATE CONSTRAINT child_parent_id_fkey;

-- strata:no-transaction
ALTER TABLE negentropy.grandchild ADD CONSTRAINT fk_grandchild_a FOREIGN KEY (a_label) REFERENCES negentropy.a (label) NOT VALID;

-- strata:no-transaction
ALTER TABLE negentropy.grandchild VALIDATE CONSTRAINT fk_grandchild_a;
