-- strata revision 0002_constraints_changed (up)
-- parent: 0001_constraints_changed
-- message: step 2
--
-- Changes:
--   - drop foreign key fk_children_parent on negentropy.children
--   - drop check constraint ck_children_qty on negentropy.children
--   - add check constraint ck_children_qty on negentropy.children NOT VALID (new rows only)
--   - add check constraint ck_children_small on negentropy.children NOT VALID (new rows only)
--   - add foreign key fk_children_parent on negentropy.children (parent_id) referencing negentropy.parents (id) NOT VALID (new rows only)
--   - create unique index uq_parents_code_strata_new on negentropy.parents concurrently
--   - validate constraint ck_children_qty on negentropy.children
--   - validate constraint ck_children_small on negentropy.children
--   - validate constraint fk_children_parent on negentropy.children
--   - replace unique constraint uq_parents_code on negentropy.parents with the index negentropy.uq_parents_code_strata_new in one statement (the old one holds until then)
--
-- Hazards:
--   - drop foreign key fk_children_parent on negentropy.children: dropping fk_children_parent briefly blocks all access to both tables (ACCESS EXCLUSIVE on negentropy.children and negentropy.parents)
--   - add foreign key fk_children_parent on negentropy.children (parent_id) referencing negentropy.parents (id) NOT VALID (new rows only): briefly blocks writes to negentropy.children and negentropy.parents while fk_children_parent is added (no scan) (SHARE ROW EXCLUSIVE on negentropy.children and negentropy.parents)
--   - create unique index uq_parents_code_strata_new on negentropy.parents concurrently: builds uq_parents_code_strata_new without blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.parents)
--   - validate constraint ck_children_qty on negentropy.children: scans all of negentropy.children to validate ck_children_qty without blocking writes, after the revision's transaction; rows that violate it leave the revision incomplete until they are fixed (SHARE UPDATE EXCLUSIVE on negentropy.children)
--   - validate constraint ck_children_small on negentropy.children: scans all of negentropy.children to validate ck_children_small without blocking writes, after the revision's transaction; rows that violate it leave the revision incomplete until they are fixed (SHARE UPDATE EXCLUSIVE on negentropy.children)
--   - validate constraint fk_children_parent on negentropy.children: scans all of negentropy.children to validate fk_children_parent without blocking writes, after the revision's transaction; rows that violate it leave the revision incomplete until they are fixed (SHARE UPDATE EXCLUSIVE on negentropy.children; ROW SHARE on negentropy.parents)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.children DROP CONSTRAINT fk_children_parent;

ALTER TABLE negentropy.children DROP CONSTRAINT ck_children_qty;

ALTER TABLE negentropy.children ADD CONSTRAINT ck_children_qty CHECK (qty >= 0) NOT VALID;

ALTER TABLE negentropy.children ADD CONSTRAINT ck_children_small CHECK (qty < 1000) NOT VALID;

ALTER TABLE negentropy.children ADD CONSTRAINT fk_children_parent FOREIGN KEY (parent_id) REFERENCES negentropy.parents (id) ON DELETE CASCADE NOT VALID;

-- strata:no-transaction
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_parents_code_strata_new ON negentropy.parents USING btree (code) NULLS NOT DISTINCT;

-- strata:no-transaction
ALTER TABLE negentropy.children VALIDATE CONSTRAINT ck_children_qty;

-- strata:no-transaction
ALTER TABLE negentropy.children VALIDATE CONSTRAINT ck_children_small;

-- strata:no-transaction
ALTER TABLE negentropy.children VALIDATE CONSTRAINT fk_children_parent;

-- strata:no-transaction
ALTER TABLE negentropy.parents DROP CONSTRAINT IF EXISTS uq_parents_code, ADD CONSTRAINT uq_parents_code UNIQUE USING INDEX uq_parents_code_strata_new;
