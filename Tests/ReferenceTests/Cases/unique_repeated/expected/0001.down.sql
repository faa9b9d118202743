-- strata revision 0001_unique_repeated (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.accounts
--
-- Hazards:
--   - drop table negentropy.accounts: deletes every row of negentropy.accounts (ACCESS EXCLUSIVE on negentropy.accounts)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP TABLE negentropy.accounts;
