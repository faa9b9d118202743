-- strata revision 0002_online_patterns (up)
-- parent: 0001_online_patterns
-- message: step 2
--
-- Changes:
--   - add check constraint items_thread_id_not_null_check on negentropy.items NOT VALID (new rows only)
--   - add check constraint ck_items_qty on negentropy.items NOT VALID (new rows only)
--   - add foreign key fk_items_thread on negentropy.items (thread_id) referencing negentropy.threads (id) NOT VALID (new rows only)
--   - create unique index items_pkey on negentropy.items concurrently
--   - create unique index uq_items_code on negentropy.items concurrently
--   - create index ix_items_embedding on negentropy.items concurrently
--   - create index ix_items_note_strata_new on negentropy.items concurrently
--   - create unique index uq_items_thread_code on negentropy.items concurrently
--   - drop index negentropy.ix_items_note concurrently
--   - rename index negentropy.ix_items_note_strata_new to ix_items_note, replacing the old definition
--   - validate constraint ck_items_qty on negentropy.items
--   - validate constraint fk_items_thread on negentropy.items
--   - validate constraint items_thread_id_not_null_check on negentropy.items
--   - make negentropy.items.thread_id NOT NULL (proved by items_thread_id_not_null_check, no scan)
--   - drop the helper check items_thread_id_not_null_check on negentropy.items
--   - add primary key items_pkey on negentropy.items using its index
--   - add unique constraint uq_items_code on negentropy.items using its index
--   - drop index negentropy.ix_items_qty concurrently
--
-- Hazards:
--   - add foreign key fk_items_thread on negentropy.items (thread_id) referencing negentropy.threads (id) NOT VALID (new rows only): briefly blocks writes to negentropy.items and negentropy.threads while fk_items_thread is added (no scan) (SHARE ROW EXCLUSIVE on negentropy.items and negentropy.threads)
--   - create unique index items_pkey on negentropy.items concurrently: builds items_pkey without blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.items)
--   - create unique index uq_items_code on negentropy.items concurrently: builds uq_items_code without blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.items)
--   - create index ix_items_embedding on negentropy.items concurrently: builds ix_items_embedding without blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.items)
--   - create index ix_items_note_strata_new on negentropy.items concurrently: builds ix_items_note_strata_new without blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.items)
--   - create unique index uq_items_thread_code on negentropy.items concurrently: builds uq_items_thread_code without blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.items)
--   - validate constraint ck_items_qty on negentropy.items: scans all of negentropy.items to validate ck_items_qty without blocking writes, after the revision's transaction; rows that violate it leave the revision incomplete until they are fixed (SHARE UPDATE EXCLUSIVE on negentropy.items)
--   - validate constraint fk_items_thread on negentropy.items: scans all of negentropy.items to validate fk_items_thread without blocking writes, after the revision's transaction; rows that violate it leave the revision incomplete until they are fixed (SHARE UPDATE EXCLUSIVE on negentropy.items; ROW SHARE on negentropy.threads)
--   - validate constraint items_thread_id_not_null_check on negentropy.items: scans all of negentropy.items to validate items_thread_id_not_null_check without blocking writes, after the revision's transaction; rows that violate it leave the revision incomplete until they are fixed (SHARE UPDATE EXCLUSIVE on negentropy.items)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.items ADD CONSTRAINT items_thread_id_not_null_check CHECK (thread_id IS NOT NULL) NOT VALID;

ALTER TABLE negentropy.items ADD CONSTRAINT ck_items_qty CHECK (qty >= 0) NOT VALID;

ALTER TABLE negentropy.items ADD CONSTRAINT fk_items_thread FOREIGN KEY (thread_id) REFERENCES negentropy.threads (id) NOT VALID;

-- strata:no-transaction
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS items_pkey ON negentropy.items USING btree (id);

-- strata:no-transaction
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_items_code ON negentropy.items USING btree (code);

-- strata:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_items_embedding ON negentropy.items USING hnsw (embedding public.vector_cosine_ops);

-- strata:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_items_note_strata_new ON negentropy.items USING btree (note, qty);

-- strata:no-transaction
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_items_thread_code ON negentropy.items USING btree (thread_id, code);

-- strata:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS negentropy.ix_items_note;

-- strata:no-transaction
ALTER INDEX IF EXISTS negentropy.ix_items_note_strata_new RENAME TO ix_items_note;

-- strata:no-transaction
ALTER TABLE negentropy.items VALIDATE CONSTRAINT ck_items_qty;

-- strata:no-transaction
ALTER TABLE negentropy.items VALIDATE CONSTRAINT fk_items_thread;

-- strata:no-transaction
ALTER TABLE negentropy.items VALIDATE CONSTRAINT items_thread_id_not_null_check;

-- strata:no-transaction
ALTER TABLE negentropy.items ALTER COLUMN thread_id SET NOT NULL;

-- strata:no-transaction
ALTER TABLE negentropy.items DROP CONSTRAINT IF EXISTS items_thread_id_not_null_check;

-- strata:no-transaction
ALTER TABLE negentropy.items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_pkey;

-- strata:no-transaction
ALTER TABLE negentropy.items ADD CONSTRAINT uq_items_code UNIQUE USING INDEX uq_items_code;

-- strata:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS negentropy.ix_items_qty;
