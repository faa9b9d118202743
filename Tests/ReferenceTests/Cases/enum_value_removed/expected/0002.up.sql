-- strata revision 0002_enum_value_removed (up)
-- parent: 0001_enum_value_removed
-- message: step 2
--
-- Changes:
--   - recreate enum negentropy.status as ('new', 'done'), dropping 'in_progress'
--   - change the type of negentropy.labels.state from negentropy.status to text using state::text
--   - drop enum negentropy.status_old
--
-- Hazards:
--   - recreate enum negentropy.status as ('new', 'done'), dropping 'in_progress': drops enum value 'in_progress': rows of negentropy.tasks.status, negentropy.tasks.history holding it make the conversion fail; update them first; converting to the recreated type rewrites negentropy.tasks (ACCESS EXCLUSIVE on negentropy.tasks)
--   - change the type of negentropy.labels.state from negentropy.status to text using state::text: rewrites negentropy.labels and all its indexes (ACCESS EXCLUSIVE on negentropy.labels)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TYPE negentropy.status RENAME TO status_old;

CREATE TYPE negentropy.status AS ENUM ('new', 'done');

ALTER TABLE negentropy.tasks
    ALTER COLUMN status DROP DEFAULT,
    ALTER COLUMN status TYPE negentropy.status USING status::text::negentropy.status,
    ALTER COLUMN status SET DEFAULT 'new',
    ALTER COLUMN history TYPE negentropy.status[] USING history::text[]::negentropy.status[];

ALTER TABLE negentropy.labels ALTER COLUMN state TYPE text USING state::text;

DROP TYPE negentropy.status_old;
