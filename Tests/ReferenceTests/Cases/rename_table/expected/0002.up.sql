-- strata revision 0002_rename_table (up)
-- parent: 0001_rename_table
-- message: step 2
--
-- Changes:
--   - rename table negentropy.threads to conversations
--   - rename column negentropy.memories.thread_id to conversation_id
--   - rename constraint threads_pkey on negentropy.conversations to conversations_pkey
--   - rename constraint threads_title_key on negentropy.conversations to conversations_title_key
--   - rename constraint memories_thread_id_fkey on negentropy.memories to memories_conversation_id_fkey
--   - rename sequence negentropy.threads_id_seq to conversations_id_seq
--   - set the default of negentropy.conversations.id to nextval('negentropy.conversations_id_seq'::regclass)
--
-- Hazards:
--   none

-- Pinned so that what this revision stores does not depend on the session running it:
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, MDY';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;
SET LOCAL bytea_output = 'hex';

ALTER TABLE negentropy.threads RENAME TO conversations;

ALTER TABLE negentropy.memories RENAME COLUMN thread_id TO conversation_id;

ALTER TABLE negentropy.conversations RENAME CONSTRAINT threads_pkey TO conversations_pkey;

ALTER TABLE negentropy.conversations RENAME CONSTRAINT threads_title_key TO conversations_title_key;

ALTER TABLE negentropy.memories RENAME CONSTRAINT memories_thread_id_fkey TO memories_conversation_id_fkey;

ALTER SEQUENCE negentropy.threads_id_seq RENAME TO conversations_id_seq;

ALTER TABLE negentropy.conversations ALTER COLUMN id SET DEFAULT nextval('negentropy.conversations_id_seq'::regclass);
