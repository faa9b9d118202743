-- strata revision 0001_init (down)
-- parent: base
-- message: init
--
-- Changes:
--   - drop table negentropy.memory_links
--   - drop table negentropy.facts
--   - drop table negentropy.memories
--   - drop table negentropy.thread_participants
--   - drop table negentropy.events
--   - drop table negentropy.threads
--   - drop table negentropy.knowledge_chunks
--   - drop table negentropy.knowledge_documents
--   - remove the comment on schema negentropy
--   - drop enum negentropy.memory_kind
--   - drop enum negentropy.participant_role
--   - drop enum negentropy.thread_status
--   - drop sequence negentropy.events_sequence_num_seq
--
-- Hazards:
--   - drop table negentropy.memory_links: deletes every row of negentropy.memory_links (ACCESS EXCLUSIVE on negentropy.memory_links)
--   - drop table negentropy.facts: deletes every row of negentropy.facts (ACCESS EXCLUSIVE on negentropy.facts)
--   - drop table negentropy.memories: deletes every row of negentropy.memories (ACCESS EXCLUSIVE on negentropy.memories)
--   - drop table negentropy.thread_participants: deletes every row of negentropy.thread_participants (ACCESS EXCLUSIVE on negentropy.thread_participants)
--   - drop table negentropy.events: deletes every row of negentropy.events (ACCESS EXCLUSIVE on negentropy.events)
--   - drop table negentropy.threads: deletes every row of negentropy.threads (ACCESS EXCLUSIVE on negentropy.threads)
--   - drop table negentropy.knowledge_chunks: deletes every row of negentropy.knowledge_chunks (ACCESS EXCLUSIVE on negentropy.knowledge_chunks)
--   - drop table negentropy.knowledge_documents: deletes every row of negentropy.knowledge_documents (ACCESS EXCLUSIVE on negentropy.knowledge_documents)

DROP TABLE negentropy.memory_links;

DROP TABLE negentropy.facts;

DROP TABLE negentropy.memories;

DROP TABLE negentropy.thread_participants;

DROP TABLE negentropy.events;

DROP TABLE negentropy.threads;

DROP TABLE negentropy.knowledge_chunks;

DROP TABLE negentropy.knowledge_documents;

COMMENT ON SCHEMA negentropy IS NULL;

DROP TYPE negentropy.memory_kind;

DROP TYPE negentropy.participant_role;

DROP TYPE negentropy.thread_status;

DROP SEQUENCE negentropy.events_sequence_num_seq;
