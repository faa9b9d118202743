-- strata revision 0002_zone_conversions (up)
-- parent: 0001_zone_conversions
-- message: step 2
--
-- Changes:
--   - change the type of negentropy.events.happened from timestamp without time zone to timestamp with time zone (values read as UTC; declare `using:` to choose another zone)
--   - change the type of negentropy.events.recorded from timestamp with time zone to timestamp without time zone (values read as UTC; declare `using:` to choose another zone)
--   - change the type of negentropy.events.day from date to timestamp with time zone (values read as UTC; declare `using:` to choose another zone)
--   - change the type of negentropy.events.clock from time without time zone to time with time zone (values read as UTC; declare `using:` to choose another zone)
--   - change the type of negentropy.events.local_at from timestamp without time zone to timestamp with time zone using local_at AT TIME ZONE 'Europe/Berlin'
--   - change the type of negentropy.events.precise from timestamp(3) without time zone to timestamp with time zone (values read as UTC; declare `using:` to choose another zone)
--
-- Hazards:
--   - change the type of negentropy.events.happened from timestamp without time zone to timestamp with time zone (values read as UTC; declare `using:` to choose another zone): needs no rewrite: under the script's TimeZone UTC PostgreSQL changes only the catalog; any index on negentropy.events.happened is rebuilt (ACCESS EXCLUSIVE on negentropy.events)
--   - change the type of negentropy.events.recorded from timestamp with time zone to timestamp without time zone (values read as UTC; declare `using:` to choose another zone): needs no rewrite: under the script's TimeZone UTC PostgreSQL changes only the catalog; any index on negentropy.events.recorded is rebuilt (ACCESS EXCLUSIVE on negentropy.events)
--   - change the type of negentropy.events.day from date to timestamp with time zone (values read as UTC; declare `using:` to choose another zone): rewrites negentropy.events and all its indexes (ACCESS EXCLUSIVE on negentropy.events)
--   - change the type of negentropy.events.clock from time without time zone to time with time zone (values read as UTC; declare `using:` to choose another zone): rewrites negentropy.events and all its indexes (ACCESS EXCLUSIVE on negentropy.events)
--   - change the type of negentropy.events.local_at from timestamp without time zone to timestamp with time zone using local_at AT TIME ZONE 'Europe/Berlin': rewrites negentropy.events and all its indexes (ACCESS EXCLUSIVE on negentropy.events)
--   - change the type of negentropy.events.precise from timestamp(3) without time zone to timestamp with time zone (values read as UTC; declare `using:` to choose another zone): needs no rewrite: under the script's TimeZone UTC PostgreSQL changes only the catalog; any index on negentropy.events.precise is rebuilt (ACCESS EXCLUSIVE on negentropy.events)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.events
    ALTER COLUMN happened TYPE timestamp with time zone,
    ALTER COLUMN recorded TYPE timestamp without time zone,
    ALTER COLUMN day TYPE timestamp with time zone,
    ALTER COLUMN clock TYPE time with time zone,
    ALTER COLUMN local_at TYPE timestamp with time zone USING local_at AT TIME ZONE 'Europe/Berlin',
    ALTER COLUMN precise TYPE timestamp with time zone;
