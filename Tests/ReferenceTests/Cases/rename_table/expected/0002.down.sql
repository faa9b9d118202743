-- strata revision 0002_rename_table (down)
-- parent: 0001_rename_table
-- message: step 2
--
-- Changes:
--   - rename table negentropy.conversations to threads
--   - rename column negentropy.memories.conversation_id to thread_id
--   - rename constraint memories_conversation_id_fkey on negentropy.memories to memories_thread_id_fkey
--   - rename constraint conversations_pkey on negentropy.threads to threads_pkey
--   - rename constraint conversations_title_key on negentropy.threads to threads_title_key
--   - rename sequence negentropy.conversations_id_seq to threads_id_seq
--   - set the default of negentropy.threads.id to nextval('negentropy.threads_id_seq'::regclass)
--
-- Hazards:
--   none

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.conversations RENAME TO threads;

ALTER TABLE negentropy.memories RENAME COLUMN conversation_id TO thread_id;

ALTER TABLE negentropy.memories RENAME CONSTRAINT memories_conversation_id_fkey TO memories_thread_id_fkey;

ALTER TABLE negentropy.threads RENAME CONSTRAINT conversations_pkey TO threads_pkey;

ALTER TABLE negentropy.threads RENAME CONSTRAINT conversations_title_key TO threads_title_key;

ALTER SEQUENCE negentropy.conversations_id_seq RENAME TO threads_id_seq;

ALTER TABLE negentropy.threads ALTER COLUMN id SET DEFAULT nextval('negentropy.threads_id_seq'::regclass);
