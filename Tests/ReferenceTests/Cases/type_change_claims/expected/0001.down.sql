-- strata revision 0001_type_change_claims (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.readings
--   - drop enum negentropy.mood
--
-- Hazards:
--   - drop table negentropy.readings: deletes every row of negentropy.readings (ACCESS EXCLUSIVE on negentropy.readings)

DROP TABLE negentropy.readings;

DROP TYPE negentropy.mood;
