-- strata revision 0002_renames_carry (down)
-- parent: 0001_renames_carry
-- message: items become goods
--
-- Changes:
--   - rename table negentropy.goods to items
--   - rename column negentropy.items.mail to email
--   - rename the identity sequence of negentropy.items.seq to items_seq_seq
--   - rename constraint goods_pkey on negentropy.items to items_pkey
--   - drop index negentropy.ix_items_email_x
--   - create index ix_items_email_x on negentropy.items
--
-- Hazards:
--   - drop index negentropy.ix_items_email_x: dropping ix_items_email_x briefly blocks all access to negentropy.items (ACCESS EXCLUSIVE on negentropy.items)
--   - create index ix_items_email_x on negentropy.items: builds ix_items_email_x, blocking writes to negentropy.items meanwhile (SHARE on negentropy.items)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.goods RENAME TO items;

ALTER TABLE negentropy.items RENAME COLUMN mail TO email;

DO $strata$
DECLARE
    sequence regclass := pg_get_serial_sequence('negentropy.items', 'seq');
BEGIN
    IF (SELECT relname FROM pg_catalog.pg_class WHERE oid = sequence) <> 'items_seq_seq' THEN
        EXECUTE format('ALTER SEQUENCE %s RENAME TO %I', sequence, 'items_seq_seq');
    END IF;
END
$strata$;

ALTER TABLE negentropy.items RENAME CONSTRAINT goods_pkey TO items_pkey;

DROP INDEX negentropy.ix_items_email_x;

CREATE INDEX ix_items_email_x ON negentropy.items USING btree ((lower(email))) WHERE email <> 'email';
