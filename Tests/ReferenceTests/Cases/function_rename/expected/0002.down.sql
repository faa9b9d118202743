-- strata revision 0002_function_rename (down)
-- parent: 0001_function_rename
-- message: step 2
--
-- Changes:
--   - rename function negentropy.say_hello(text) to greet
--
-- Hazards:
--   none

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER FUNCTION negentropy.say_hello(text) RENAME TO greet;
