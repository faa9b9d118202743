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

DROP TABLE negentropy.pairs;

DROP TABLE negentropy.accounts;
