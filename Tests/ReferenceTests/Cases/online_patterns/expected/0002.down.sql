-- strata revision 0002_online_patterns (down)
-- parent: 0001_online_patterns
-- message: step 2
--
-- Changes:
--   - drop foreign key fk_items_thread on negentropy.items
--   - drop index negentropy.ix_items_embedding
--   - drop index negentropy.ix_items_note
--   - drop index negentropy.uq_items_thread_code
--   - drop primary key items_pkey on negentropy.items
--   - drop unique constraint uq_items_code on negentropy.items
--   - drop check constraint ck_items_qty on negentropy.items
--   - make negentropy.items.thread_id nullable
--   - create index ix_items_note on negentropy.items
--   - create index ix_items_qty on negentropy.items
--
-- Hazards:
--   - drop foreign key fk_items_thread on negentropy.items: dropping fk_items_thread briefly blocks all access to both tables (ACCESS EXCLUSIVE on negentropy.items and negentropy.threads)
--   - drop index negentropy.ix_items_embedding: dropping ix_items_embedding briefly blocks all access to negentropy.items (ACCESS EXCLUSIVE on negentropy.items)
--   - drop index negentropy.ix_items_note: dropping ix_items_note briefly blocks all access to negentropy.items (ACCESS EXCLUSIVE on negentropy.items)
--   - drop index negentropy.uq_items_thread_code: dropping uq_items_thread_code briefly blocks all access to negentropy.items (ACCESS EXCLUSIVE on negentropy.items)
--   - create index ix_items_note on negentropy.items: builds ix_items_note, blocking writes to negentropy.items meanwhile (SHARE on negentropy.items)
--   - create index ix_items_qty on negentropy.items: builds ix_items_qty, blocking writes to negentropy.items meanwhile (SHARE on negentropy.items)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.items DROP CONSTRAINT fk_items_thread;

DROP INDEX negentropy.ix_items_embedding;

DROP INDEX negentropy.ix_items_note;

DROP INDEX negentropy.uq_items_thread_code;

ALTER TABLE negentropy.items DROP CONSTRAINT items_pkey;

ALTER TABLE negentropy.items DROP CONSTRAINT uq_items_code;

ALTER TABLE negentropy.items DROP CONSTRAINT ck_items_qty;

ALTER TABLE negentropy.items ALTER COLUMN thread_id DROP NOT NULL;

CREATE INDEX ix_items_note ON negentropy.items USING btree (note);

CREATE INDEX ix_items_qty ON negentropy.items USING btree (qty);
