-- strata revision 0002_columns_add_drop_rename (down)
-- parent: 0001_columns_add_drop_rename
-- message: step 2
--
-- Changes:
--   - rename column negentropy.notes.heading to title
--   - drop column negentropy.notes.created_at
--   - drop column negentropy.notes.slug
--   - add column negentropy.notes.draft boolean
--
-- Hazards:
--   - drop column negentropy.notes.created_at: deletes the data of column negentropy.notes.created_at (ACCESS EXCLUSIVE on negentropy.notes)
--   - drop column negentropy.notes.slug: deletes the data of column negentropy.notes.slug (ACCESS EXCLUSIVE on negentropy.notes)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.notes RENAME COLUMN heading TO title;

ALTER TABLE negentropy.notes DROP COLUMN created_at;

ALTER TABLE negentropy.notes DROP COLUMN slug;

ALTER TABLE negentropy.notes ADD COLUMN draft boolean;
