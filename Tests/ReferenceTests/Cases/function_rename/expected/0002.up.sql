-- strata revision 0002_function_rename (up)
-- parent: 0001_function_rename
-- message: step 2
--
-- Changes:
--   - rename function negentropy.greet(text) to say_hello
--
-- Hazards:
--   none

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER FUNCTION negentropy.greet(text) RENAME TO say_hello;
