-- strata revision 0001_unique_repeated (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.accounts
--
-- Hazards:
--   - drop table negentropy.accounts: deletes every row of negentropy.accounts (ACCESS EXCLUSIVE on negentropy.accounts)

DROP TABLE negentropy.accounts;
