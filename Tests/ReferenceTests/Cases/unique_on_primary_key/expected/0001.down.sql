-- strata revision 0001_unique_on_primary_key (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.pairs
--   - drop table negentropy.accounts
--
-- Hazards:
--   - drop table negentropy.pairs: deletes every row of negentropy.pairs (ACCESS EXCLUSIVE on negentropy.pairs)
--   - drop table negentropy.accounts: deletes every row of negentropy.accounts (ACCESS EXCLUSIVE on negentropy.accounts)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP TABLE negentropy.pairs;

DROP TABLE negentropy.accounts;
