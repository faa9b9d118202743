-- strata revision 0001_identity_continues (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.labels
--   - drop table negentropy.events
--   - drop table negentropy.documents
--   - drop table negentropy.accounts
--
-- Hazards:
--   - drop table negentropy.labels: deletes every row of negentropy.labels (ACCESS EXCLUSIVE on negentropy.labels)
--   - drop table negentropy.events: deletes every row of negentropy.events (ACCESS EXCLUSIVE on negentropy.events)
--   - drop table negentropy.documents: deletes every row of negentropy.documents (ACCESS EXCLUSIVE on negentropy.documents)
--   - drop table negentropy.accounts: deletes every row of negentropy.accounts (ACCESS EXCLUSIVE on negentropy.accounts)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP TABLE negentropy.labels;

DROP TABLE negentropy.events;

DROP TABLE negentropy.documents;

DROP TABLE negentropy.accounts;
