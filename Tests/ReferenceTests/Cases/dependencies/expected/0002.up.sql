-- strata revision 0002_dependencies (up)
-- parent: 0001_dependencies
-- message: step 2
--
-- Changes:
--   - drop index negentropy.ix_child_note concurrently
--   - add value 'blue' to enum negentropy.color after 'green'
--   - rename enum negentropy.color to hue
--   - rename column negentropy.a.code to label
--   - drop foreign key a_b_id_fkey on negentropy.a
--   - drop foreign key child_parent_id_fkey on negentropy.child
--   - drop table negentropy.b
--   - drop check constraint ck_a_code on negentropy.a
--   - drop primary key parent_pkey on negentropy.parent
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
--   - add unique constraint uq_a_label on negentropy.a (label)
--   - add check constraint ck_a_code on negentropy.a
--   - add primary key parent_pkey on negentropy.parent (id, other)
--   - add unique constraint uq_parent_id on negentropy.parent (id)
--   - add foreign key child_parent_id_fkey on negentropy.child (parent_id) referencing negentropy.parent (id)
--   - add foreign key fk_grandchild_a on negentropy.grandchild (a_label) referencing negentropy.a (label)
--   - add foreign key grandchild_child_id_fkey on negentropy.grandchild (child_id) referencing negentropy.child (id)
--   - set the comment on schema negentropy
--   - create index ix_child_note on negentropy.child concurrently
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
--   - add unique constraint uq_a_label on negentropy.a (label): builds the unique index uq_a_label over all of negentropy.a (ACCESS EXCLUSIVE on negentropy.a)
--   - add check constraint ck_a_code on negentropy.a: scans all of negentropy.a to validate ck_a_code (ACCESS EXCLUSIVE on negentropy.a)
--   - add primary key parent_pkey on negentropy.parent (id, other): builds the unique index parent_pkey over all of negentropy.parent (ACCESS EXCLUSIVE on negentropy.parent)
--   - add unique constraint uq_parent_id on negentropy.parent (id): builds the unique index uq_parent_id over all of negentropy.parent (ACCESS EXCLUSIVE on negentropy.parent)
--   - add foreign key child_parent_id_fkey on negentropy.child (parent_id) referencing negentropy.parent (id): scans all of negentropy.child to validate child_parent_id_fkey (SHARE ROW EXCLUSIVE on negentropy.child and negentropy.parent)
--   - add foreign key fk_grandchild_a on negentropy.grandchild (a_label) referencing negentropy.a (label): blocks writes to negentropy.a while fk_grandchild_a is added (SHARE ROW EXCLUSIVE on negentropy.grandchild and negentropy.a)
--   - add foreign key grandchild_child_id_fkey on negentropy.grandchild (child_id) referencing negentropy.child (id): blocks writes to negentropy.child while grandchild_child_id_fkey is added (SHARE ROW EXCLUSIVE on negentropy.grandchild and negentropy.child)
--   - create index ix_child_note on negentropy.child concurrently: builds ix_child_note without blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.child)

-- strata:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS negentropy.ix_child_note;

-- strata:no-transaction
ALTER TYPE negentropy.color ADD VALUE IF NOT EXISTS 'blue' AFTER 'green';

ALTER TYPE negentropy.color RENAME TO hue;

ALTER TABLE negentropy.a RENAME COLUMN code TO label;

ALTER TABLE negentropy.a DROP CONSTRAINT a_b_id_fkey;

ALTER TABLE negentropy.child DROP CONSTRAINT child_parent_id_fkey;

DROP TABLE negentropy.b;

ALTER TABLE negentropy.a DROP CONSTRAINT ck_a_code;

ALTER TABLE negentropy.parent DROP CONSTRAINT parent_pkey;

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

ALTER TABLE negentropy.a ADD CONSTRAINT uq_a_label UNIQUE (label);

ALTER TABLE negentropy.a ADD CONSTRAINT ck_a_code CHECK (length(label) > 0);

ALTER TABLE negentropy.parent ADD CONSTRAINT parent_pkey PRIMARY KEY (id, other);

ALTER TABLE negentropy.parent ADD CONSTRAINT uq_parent_id UNIQUE (id);

ALTER TABLE negentropy.child ADD CONSTRAINT child_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES negentropy.parent (id);

ALTER TABLE negentropy.grandchild ADD CONSTRAINT fk_grandchild_a FOREIGN KEY (a_label) REFERENCES negentropy.a (label);

ALTER TABLE negentropy.grandchild ADD CONSTRAINT grandchild_child_id_fkey FOREIGN KEY (child_id) REFERENCES negentropy.child (id);

COMMENT ON SCHEMA negentropy IS 'Agent memory, v2';

-- strata:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_child_note ON negentropy.child USING btree (note);
