-- strata revision 0001_enum_value_removed (down)
-- parent: base
-- message: step 1
--
-- Changes:
--   - drop table negentropy.tasks
--   - drop table negentropy.labels
--   - drop enum negentropy.status
--
-- Hazards:
--   - drop table negentropy.tasks: deletes every row of negentropy.tasks (ACCESS EXCLUSIVE on negentropy.tasks)
--   - drop table negentropy.labels: deletes every row of negentropy.labels (ACCESS EXCLUSIVE on negentropy.labels)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

DROP TABLE negentropy.tasks;

DROP TABLE negentropy.labels;

DROP TYPE negentropy.status;
