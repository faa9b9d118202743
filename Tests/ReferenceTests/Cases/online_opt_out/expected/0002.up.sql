-- strata revision 0002_online_opt_out (up)
-- parent: 0001_online_opt_out
-- message: step 2
--
-- Changes:
--   - drop index negentropy.ix_items_note
--   - drop index negentropy.ix_items_qty
--   - make negentropy.items.thread_id NOT NULL
--   - add primary key items_pkey on negentropy.items (id)
--   - add unique constraint uq_items_code on negentropy.items (code)
--   - add check constraint ck_items_qty on negentropy.items
--   - add foreign key fk_items_thread on negentropy.items (thread_id) referencing negentropy.threads (id)
--   - create index ix_items_embedding on negentropy.items
--   - create index ix_items_note on negentropy.items
--   - create unique index uq_items_thread_code on negentropy.items
--
-- Hazards:
--   - drop index negentropy.ix_items_note: dropping ix_items_note briefly blocks all access to negentropy.items (ACCESS EXCLUSIVE on negentropy.items)
--   - drop index negentropy.ix_items_qty: dropping ix_items_qty briefly blocks all access to negentropy.items (ACCESS EXCLUSIVE on negentropy.items)
--   - make negentropy.items.thread_id NOT NULL: scans all of negentropy.items to prove thread_id has no nulls (ACCESS EXCLUSIVE on negentropy.items)
--   - add primary key items_pkey on negentropy.items (id): builds the unique index items_pkey over all of negentropy.items (ACCESS EXCLUSIVE on negentropy.items)
--   - add unique constraint uq_items_code on negentropy.items (code): builds the unique index uq_items_code over all of negentropy.items (ACCESS EXCLUSIVE on negentropy.items)
--   - add check constraint ck_items_qty on negentropy.items: scans all of negentropy.items to validate ck_items_qty (ACCESS EXCLUSIVE on negentropy.items)
--   - add foreign key fk_items_thread on negentropy.items (thread_id) referencing negentropy.threads (id): scans all of negentropy.items to validate fk_items_thread (SHARE ROW EXCLUSIVE on negentropy.items and negentropy.threads)
--   - create index ix_items_embedding on negentropy.items: builds ix_items_embedding, blocking writes to negentropy.items meanwhile (SHARE on negentropy.items)
--   - create index ix_items_note on negentropy.items: builds ix_items_note, blocking writes to negentropy.items meanwhile (SHARE on negentropy.items)
--   - create unique index uq_items_thread_code on negentropy.items: builds uq_items_thread_code, blocking writes to negentropy.items meanwhile (SHARE on negentropy.items)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP INDEX negentropy.ix_items_note;

DROP INDEX negentropy.ix_items_qty;

ALTER TABLE negentropy.items ALTER COLUMN thread_id SET NOT NULL;

ALTER TABLE negentropy.items ADD CONSTRAINT items_pkey PRIMARY KEY (id);

ALTER TABLE negentropy.items ADD CONSTRAINT uq_items_code UNIQUE (code);

ALTER TABLE negentropy.items ADD CONSTRAINT ck_items_qty CHECK (qty >= 0);

ALTER TABLE negentropy.items ADD CONSTRAINT fk_items_thread FOREIGN KEY (thread_id) REFERENCES negentropy.threads (id);

CREATE INDEX ix_items_embedding ON negentropy.items USING hnsw (embedding public.vector_cosine_ops);

CREATE INDEX ix_items_note ON negentropy.items USING btree (note, qty);

CREATE UNIQUE INDEX uq_items_thread_code ON negentropy.items USING btree (thread_id, code);
