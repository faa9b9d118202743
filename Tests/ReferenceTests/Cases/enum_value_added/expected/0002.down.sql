-- strata revision 0002_enum_value_added (down)
-- parent: 0001_enum_value_added
-- message: step 2
--
-- Changes:
--   - recreate enum negentropy.status as ('new', 'done'), dropping 'in_progress', 'archived'
--   - drop enum negentropy.status_old
--
-- Hazards:
--   - recreate enum negentropy.status as ('new', 'done'), dropping 'in_progress', 'archived': drops enum value 'in_progress', 'archived': rows of negentropy.tasks.status holding it make the conversion fail; update them first; converting to the recreated type rewrites negentropy.tasks (ACCESS EXCLUSIVE on negentropy.tasks)

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
    ALTER COLUMN status SET DEFAULT 'new';

DROP TYPE negentropy.status_old;
