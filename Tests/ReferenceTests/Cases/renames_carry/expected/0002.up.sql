-- strata revision 0002_renames_carry (up)
-- parent: 0001_renames_carry
-- message: items become goods
--
-- Changes:
--   - rename table negentropy.items to goods
--   - rename column negentropy.goods.email to mail
--   - rename the identity sequence of negentropy.goods.seq to goods_seq_seq
--   - rename constraint items_pkey on negentropy.goods to goods_pkey
--   - create index ix_items_email_x_strata_new on negentropy.goods concurrently
--   - drop index negentropy.ix_items_email_x concurrently
--   - rename index negentropy.ix_items_email_x_strata_new to ix_items_email_x, replacing the old definition
--
-- Hazards:
--   - create index ix_items_email_x_strata_new on negentropy.goods concurrently: builds ix_items_email_x_strata_new without blocking writes (two scans), after the revision's transaction; a failure leaves the revision incomplete, and the next apply drops the invalid index and builds it again (SHARE UPDATE EXCLUSIVE on negentropy.goods)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.items RENAME TO goods;

ALTER TABLE negentropy.goods RENAME COLUMN email TO mail;

DO $strata$
DECLARE
    sequence regclass := pg_get_serial_sequence('negentropy.goods', 'seq');
BEGIN
    IF (SELECT relname FROM pg_catalog.pg_class WHERE oid = sequence) <> 'goods_seq_seq' THEN
        EXECUTE format('ALTER SEQUENCE %s RENAME TO %I', sequence, 'goods_seq_seq');
    END IF;
END
$strata$;

ALTER TABLE negentropy.goods RENAME CONSTRAINT items_pkey TO goods_pkey;

-- strata:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_items_email_x_strata_new ON negentropy.goods USING btree ((lower(mail))) WHERE mail <> 'mail';

-- strata:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS negentropy.ix_items_email_x;

-- strata:no-transaction
ALTER INDEX IF EXISTS negentropy.ix_items_email_x_strata_new RENAME TO ix_items_email_x;
