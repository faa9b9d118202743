-- strata revision 0002_indexes (up)
-- parent: 0001_indexes
-- message: step 2
--
-- Changes:
--   - create index ix_docs_small_strata_new on negentropy.docs concurrently
--   - create index ix_docs_state on negentropy.docs concurrently
--   - drop index negentropy.ix_docs_small concurrently
--   - rename index negentropy.ix_docs_small_strata_new to ix_docs_small, replacing the old definition
--   - drop index negentropy.ix_docs_active concurrently
--
-- Hazards:
--   - create index ix_docs_small_strata_new on negentropy.docs concurrently: builds ix_docs_small_strata_new without blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.docs)
--   - create index ix_docs_state on negentropy.docs concurrently: builds ix_docs_state without blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.docs)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

-- strata:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_docs_small_strata_new ON negentropy.docs USING ivfflat (small public.vector_l2_ops) WITH (lists = 20);

-- strata:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_docs_state ON negentropy.docs USING btree (state DESC NULLS LAST, title);

-- strata:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS negentropy.ix_docs_small;

-- strata:no-transaction
ALTER INDEX IF EXISTS negentropy.ix_docs_small_strata_new RENAME TO ix_docs_small;

-- strata:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS negentropy.ix_docs_active;
