-- strata revision 0002_constraints_changed (down)
-- parent: 0001_constraints_changed
-- message: step 2
--
-- Changes:
--   - drop foreign key fk_children_parent on negentropy.children
--   - drop check constraint ck_children_qty on negentropy.children
--   - drop check constraint ck_children_small on negentropy.children
--   - drop unique constraint uq_parents_code on negentropy.parents
--   - add check constraint ck_children_qty on negentropy.children
--   - add unique constraint uq_parents_code on negentropy.parents (code)
--   - add foreign key fk_children_parent on negentropy.children (parent_id) referencing negentropy.parents (id)
--
-- Hazards:
--   - drop foreign key fk_children_parent on negentropy.children: dropping fk_children_parent briefly blocks all access to both tables (ACCESS EXCLUSIVE on negentropy.children and negentropy.parents)
--   - add check constraint ck_children_qty on negentropy.children: scans all of negentropy.children to validate ck_children_qty (ACCESS EXCLUSIVE on negentropy.children)
--   - add unique constraint uq_parents_code on negentropy.parents (code): builds the unique index uq_parents_code over all of negentropy.parents (ACCESS EXCLUSIVE on negentropy.parents)
--   - add foreign key fk_children_parent on negentropy.children (parent_id) referencing negentropy.parents (id): scans all of negentropy.children to validate fk_children_parent (SHARE ROW EXCLUSIVE on negentropy.children and negentropy.parents)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.children DROP CONSTRAINT fk_children_parent;

ALTER TABLE negentropy.children DROP CONSTRAINT ck_children_qty;

ALTER TABLE negentropy.children DROP CONSTRAINT ck_children_small;

ALTER TABLE negentropy.parents DROP CONSTRAINT uq_parents_code;

ALTER TABLE negentropy.children ADD CONSTRAINT ck_children_qty CHECK (qty > 0);

ALTER TABLE negentropy.parents ADD CONSTRAINT uq_parents_code UNIQUE (code);

ALTER TABLE negentropy.children ADD CONSTRAINT fk_children_parent FOREIGN KEY (parent_id) REFERENCES negentropy.parents (id);
