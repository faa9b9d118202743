-- strata revision 0002_indexes (down)
-- parent: 0001_indexes
-- message: step 2
--
-- Changes:
--   - drop index negentropy.ix_docs_small
--   - drop index negentropy.ix_docs_state
--   - create unique index ix_docs_active on negentropy.docs
--   - create index ix_docs_small on negentropy.docs
--
-- Hazards:
--   - drop index negentropy.ix_docs_small: dropping ix_docs_small briefly blocks all access to negentropy.docs (ACCESS EXCLUSIVE on negentropy.docs)
--   - drop index negentropy.ix_docs_state: dropping ix_docs_state briefly blocks all access to negentropy.docs (ACCESS EXCLUSIVE on negentropy.docs)
--   - create unique index ix_docs_active on negentropy.docs: builds ix_docs_active, blocking writes to negentropy.docs meanwhile (SHARE on negentropy.docs)
--   - create index ix_docs_small on negentropy.docs: builds ix_docs_small, blocking writes to negentropy.docs meanwhile (SHARE on negentropy.docs)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP INDEX negentropy.ix_docs_small;

DROP INDEX negentropy.ix_docs_state;

CREATE UNIQUE INDEX ix_docs_active ON negentropy.docs USING btree (title) WHERE state = 'active';

CREATE INDEX ix_docs_small ON negentropy.docs USING ivfflat (small public.vector_l2_ops) WITH (lists = 10);
