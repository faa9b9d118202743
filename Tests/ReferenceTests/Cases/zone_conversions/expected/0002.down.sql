-- strata revision 0002_zone_conversions (down)
-- parent: 0001_zone_conversions
-- message: step 2
--
-- Changes:
--   - change the type of negentropy.events.happened from timestamp with time zone to timestamp without time zone (values read as UTC; declare `using:` to choose another zone)
--   - change the type of negentropy.events.recorded from timestamp without time zone to timestamp with time zone (values read as UTC; declare `using:` to choose another zone)
--   - change the type of negentropy.events.day from timestamp with time zone to date (values read as UTC; declare `using:` to choose another zone)
--   - change the type of negentropy.events.clock from time with time zone to time without time zone
--   - change the type of negentropy.events.local_at from timestamp with time zone to timestamp without time zone using local_at::timestamp without time zone
--   - change the type of negentropy.events.precise from timestamp with time zone to timestamp(3) without time zone (values read as UTC; declare `using:` to choose another zone)
--
-- Hazards:
--   - change the type of negentropy.events.happened from timestamp with time zone to timestamp without time zone (values read as UTC; declare `using:` to choose another zone): needs no rewrite: under the script's TimeZone UTC PostgreSQL changes only the catalog; any index on negentropy.events.happened is rebuilt (ACCESS EXCLUSIVE on negentropy.events)
--   - change the type of negentropy.events.recorded from timestamp without time zone to timestamp with time zone (values read as UTC; declare `using:` to choose another zone): needs no rewrite: under the script's TimeZone UTC PostgreSQL changes only the catalog; any index on negentropy.events.recorded is rebuilt (ACCESS EXCLUSIVE on negentropy.events)
--   - change the type of negentropy.events.day from timestamp with time zone to date (values read as UTC; declare `using:` to choose another zone): rewrites negentropy.events and all its indexes (ACCESS EXCLUSIVE on negentropy.events)
--   - change the type of negentropy.events.clock from time with time zone to time without time zone: rewrites negentropy.events and all its indexes (ACCESS EXCLUSIVE on negentropy.events)
--   - change the type of negentropy.events.local_at from timestamp with time zone to timestamp without time zone using local_at::timestamp without time zone: rewrites negentropy.events and all its indexes (ACCESS EXCLUSIVE on negentropy.events)
--   - change the type of negentropy.events.precise from timestamp with time zone to timestamp(3) without time zone (values read as UTC; declare `using:` to choose another zone): rewrites negentropy.events and all its indexes (ACCESS EXCLUSIVE on negentropy.events)

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.events
    ALTER COLUMN happened TYPE timestamp without time zone,
    ALTER COLUMN recorded TYPE timestamp with time zone,
    ALTER COLUMN day TYPE date,
    ALTER COLUMN clock TYPE time without time zone,
    ALTER COLUMN local_at TYPE timestamp without time zone USING local_at::timestamp without time zone,
    ALTER COLUMN precise TYPE timestamp(3) without time zone;
