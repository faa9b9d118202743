-- strata revision 0002_sequences (down)
-- parent: 0001_sequences
-- message: step 2
--
-- Changes:
--   - drop column negentropy.invoices.order_no
--   - change the options of sequence negentropy.invoice_numbers
--   - create sequence negentropy.ticket_numbers
--
-- Hazards:
--   - drop column negentropy.invoices.order_no: deletes the data of column negentropy.invoices.order_no (ACCESS EXCLUSIVE on negentropy.invoices)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.invoices DROP COLUMN order_no;

ALTER SEQUENCE negentropy.invoice_numbers INCREMENT BY 1 CACHE 1;

CREATE SEQUENCE negentropy.ticket_numbers START WITH 1;
