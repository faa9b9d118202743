-- strata revision 0002_indexes (up)
-- parent: 0001_indexes
-- message: step 2
--
-- Changes:
--   - drop index negentropy.ix_docs_active
--   - drop index negentropy.ix_docs_small
--   - create index ix_docs_small on negentropy.docs
--   - create index ix_docs_state on negentropy.docs concurrently
--
-- Hazards:
--   - create index ix_docs_small on negentropy.docs: builds ix_docs_small, blocking writes to negentropy.docs meanwhile (SHARE on negentropy.docs)
--   - create index ix_docs_state on negentropy.docs concurrently: builds ix_docs_state without blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.docs)

DROP INDEX negentropy.ix_docs_active;

DROP INDEX negentropy.ix_docs_small;

CREATE INDEX ix_docs_small ON negentropy.docs USING ivfflat (small public.vector_l2_ops) WITH (lists = 20);

-- strata:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_docs_state ON negentropy.docs USING btree (state DESC NULLS LAST, title);
