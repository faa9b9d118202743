-- strata revision 0001_sequences (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.invoices
--   - drop sequence negentropy.invoice_numbers
--   - drop sequence negentropy.ticket_numbers
--
-- Hazards:
--   - drop table negentropy.invoices: deletes every row of negentropy.invoices (ACCESS EXCLUSIVE on negentropy.invoices)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP TABLE negentropy.invoices;

DROP SEQUENCE negentropy.invoice_numbers;

DROP SEQUENCE negentropy.ticket_numbers;
