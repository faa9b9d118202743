-- strata revision 0002_sequences (up)
-- parent: 0001_sequences
-- message: step 2
--
-- Changes:
--   - change the options of sequence negentropy.invoice_numbers
--   - create sequence negentropy.order_numbers
--   - add column negentropy.invoices.order_no integer DEFAULT nextval('negentropy.order_numbers'::regclass)
--   - make sequence negentropy.order_numbers owned by negentropy.invoices.order_no
--   - drop sequence negentropy.ticket_numbers
--
-- Hazards:
--   - add column negentropy.invoices.order_no integer DEFAULT nextval('negentropy.order_numbers'::regclass): the volatile default nextval('negentropy.order_numbers'::regclass) is computed for every row: rewrites negentropy.invoices (ACCESS EXCLUSIVE on negentropy.invoices)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER SEQUENCE negentropy.invoice_numbers INCREMENT BY 10 CACHE 20;

CREATE SEQUENCE negentropy.order_numbers AS integer START WITH 1;

ALTER TABLE negentropy.invoices ADD COLUMN order_no integer DEFAULT nextval('negentropy.order_numbers'::regclass);

ALTER SEQUENCE negentropy.order_numbers OWNED BY negentropy.invoices.order_no;

DROP SEQUENCE negentropy.ticket_numbers;
