-- strata revision 0002_columns_add_drop_rename (up)
-- parent: 0001_columns_add_drop_rename
-- message: step 2
--
-- Changes:
--   - rename column negentropy.notes.title to heading
--   - drop column negentropy.notes.draft
--   - add column negentropy.notes.created_at timestamp with time zone NOT NULL DEFAULT now()
--   - add column negentropy.notes.slug uuid DEFAULT gen_random_uuid()
--
-- Hazards:
--   - drop column negentropy.notes.draft: deletes the data of column negentropy.notes.draft (ACCESS EXCLUSIVE on negentropy.notes)
--   - add column negentropy.notes.slug uuid DEFAULT gen_random_uuid(): the volatile default gen_random_uuid() is computed for every row: rewrites negentropy.notes (ACCESS EXCLUSIVE on negentropy.notes)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.notes RENAME COLUMN title TO heading;

ALTER TABLE negentropy.notes DROP COLUMN draft;

ALTER TABLE negentropy.notes ADD COLUMN created_at timestamp with time zone DEFAULT now() NOT NULL;

ALTER TABLE negentropy.notes ADD COLUMN slug uuid DEFAULT gen_random_uuid();
