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

DROP TABLE negentropy.invoices;

DROP SEQUENCE negentropy.invoice_numbers;

DROP SEQUENCE negentropy.ticket_numbers;
