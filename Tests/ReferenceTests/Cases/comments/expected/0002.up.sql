-- strata revision 0002_comments (up)
-- parent: 0001_comments
-- message: step 2
--
-- Changes:
--   - remove the comment on table negentropy.people
--   - set the comment on column negentropy.people.id
--   - set the comment on column negentropy.people.name
--   - remove the comment on index negentropy.ix_people_name
--   - set the comment on enum negentropy.mood
--
-- Hazards:
--   none

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

COMMENT ON TABLE negentropy.people IS NULL;

COMMENT ON COLUMN negentropy.people.id IS 'Primary key';

COMMENT ON COLUMN negentropy.people.name IS 'What they''re called (it''s free text)';

COMMENT ON INDEX negentropy.ix_people_name IS NULL;

COMMENT ON TYPE negentropy.mood IS 'How someone feels, roughly';
