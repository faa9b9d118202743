-- strata revision 0001_init (up)
-- parent: base
-- message: init
--
-- Changes:
--   - create schema negentropy
--   - create extension vector in schema public
--   - create enum negentropy.memory_kind ('episodic', 'semantic', 'preference')
--   - create enum negentropy.participant_role ('user', 'assistant', 'tool')
--   - create enum negentropy.thread_status ('open', 'archived')
--   - create sequence negentropy.events_sequence_num_seq
--   - create table negentropy.knowledge_documents
--   - create table negentropy.knowledge_chunks
--   - create table negentropy.threads
--   - create table negentropy.events
--   - create table negentropy.thread_participants
--   - create table negentropy.memories
--   - create table negentropy.facts
--   - create table negentropy.memory_links
--   - create index ix_knowledge_chunks_embedding on negentropy.knowledge_chunks
--   - create index ix_knowledge_chunks_search on negentropy.knowledge_chunks
--   - create index ix_threads_user on negentropy.threads
--   - create index ix_memories_embedding on negentropy.memories
--   - create index ix_memories_user on negentropy.memories
--   - create unique index uq_memories_semantic_content on negentropy.memories
--   - create index memory_links_target_id_idx on negentropy.memory_links
--   - set the comment on schema negentropy
--   - set the comment on table negentropy.knowledge_documents
--   - set the comment on table negentropy.knowledge_chunks
--   - set the comment on column negentropy.knowledge_chunks.embedding
--   - set the comment on table negentropy.threads
--   - set the comment on table negentropy.events
--   - set the comment on table negentropy.thread_participants
--   - set the comment on table negentropy.memories
--   - set the comment on table negentropy.facts
--   - set the comment on table negentropy.memory_links
--
-- Hazards:
--   none

CREATE SCHEMA IF NOT EXISTS negentropy;

CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;

CREATE TYPE negentropy.memory_kind AS ENUM ('episodic', 'semantic', 'preference');

CREATE TYPE negentropy.participant_role AS ENUM ('user', 'assistant', 'tool');

CREATE TYPE negentropy.thread_status AS ENUM ('open', 'archived');

CREATE SEQUENCE negentropy.events_sequence_num_seq AS bigint START WITH 1 INCREMENT BY 1 CACHE 1;

CREATE TABLE negentropy.knowledge_documents (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    app_name character varying(128) NOT NULL,
    source_uri text NOT NULL,
    title text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT knowledge_documents_pkey PRIMARY KEY (id),
    CONSTRAINT uq_knowledge_documents_source UNIQUE (app_name, source_uri)
);

CREATE TABLE negentropy.knowledge_chunks (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    document_id uuid NOT NULL,
    position integer NOT NULL,
    content text NOT NULL,
    search tsvector GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED,
    embedding public.vector(3072),
    CONSTRAINT knowledge_chunks_pkey PRIMARY KEY (id),
    CONSTRAINT knowledge_chunks_document_id_position_key UNIQUE (document_id, position),
    CONSTRAINT knowledge_chunks_document_id_fkey FOREIGN KEY (document_id) REFERENCES negentropy.knowledge_documents (id) ON DELETE CASCADE
);

CREATE TABLE negentropy.threads (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    app_name character varying(128) NOT NULL,
    user_id character varying(255) NOT NULL,
    title character varying(200),
    status negentropy.thread_status DEFAULT 'open' NOT NULL,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT threads_pkey PRIMARY KEY (id)
);

CREATE TABLE negentropy.events (
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    thread_id uuid NOT NULL,
    sequence_num bigint DEFAULT nextval('negentropy.events_sequence_num_seq'::regclass) NOT NULL,
    author negentropy.participant_role NOT NULL,
    payload json NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT events_pkey PRIMARY KEY (id),
    CONSTRAINT events_thread_id_sequence_num_key UNIQUE (thread_id, sequence_num),
    CONSTRAINT events_thread_id_fkey FOREIGN KEY (thread_id) REFERENCES negentropy.threads (id) ON DELETE CASCADE
);

CREATE TABLE negentropy.thread_participants (
    thread_id uuid NOT NULL,
    user_id character varying(255) NOT NULL,
    role negentropy.participant_role NOT NULL,
    joined_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT thread_participants_pkey PRIMARY KEY (thread_id, user_id),
    CONSTRAINT thread_participants_thread_id_fkey FOREIGN KEY (thread_id) REFERENCES negentropy.threads (id) ON DELETE CASCADE
);

CREATE TABLE negentropy.memories (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    thread_id uuid,
    user_id character varying(255) NOT NULL,
    kind negentropy.memory_kind DEFAULT 'episodic' NOT NULL,
    content text NOT NULL,
    embedding public.vector(1536),
    importance double precision DEFAULT 0.5 NOT NULL,
    tags text[] DEFAULT '{}' NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT memories_pkey PRIMARY KEY (id),
    CONSTRAINT ck_memories_importance CHECK (importance BETWEEN 0 AND 1),
    CONSTRAINT fk_memories_participant FOREIGN KEY (thread_id, user_id) REFERENCES negentropy.thread_participants (thread_id, user_id) ON DELETE CASCADE
);

CREATE TABLE negentropy.facts (
    id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
    memory_id uuid NOT NULL,
    subject text NOT NULL,
    predicate text NOT NULL,
    object text NOT NULL,
    confidence real DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT facts_pkey PRIMARY KEY (id),
    CONSTRAINT facts_confidence_check CHECK (confidence >= 0 AND confidence <= 1),
    CONSTRAINT facts_memory_id_fkey FOREIGN KEY (memory_id) REFERENCES negentropy.memories (id) ON DELETE CASCADE
);

CREATE TABLE negentropy.memory_links (
    source_id uuid NOT NULL,
    target_id uuid NOT NULL,
    relation text NOT NULL,
    weight real DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT memory_links_pkey PRIMARY KEY (source_id, target_id, relation),
    CONSTRAINT ck_memory_links_not_self CHECK (source_id <> target_id),
    CONSTRAINT memory_links_source_id_fkey FOREIGN KEY (source_id) REFERENCES negentropy.memories (id) ON DELETE CASCADE,
    CONSTRAINT memory_links_target_id_fkey FOREIGN KEY (target_id) REFERENCES negentropy.memories (id) ON DELETE CASCADE
);

CREATE INDEX ix_knowledge_chunks_embedding ON negentropy.knowledge_chunks USING hnsw (((embedding::public.halfvec(3072))) public.halfvec_cosine_ops) WITH (ef_construction = 64, m = 16);

CREATE INDEX ix_knowledge_chunks_search ON negentropy.knowledge_chunks USING gin (search);

CREATE INDEX ix_threads_user ON negentropy.threads USING btree (app_name, user_id, created_at);

CREATE INDEX ix_memories_embedding ON negentropy.memories USING hnsw (embedding public.vector_cosine_ops) WITH (ef_construction = 64, m = 16);

CREATE INDEX ix_memories_user ON negentropy.memories USING btree (user_id, created_at);

CREATE UNIQUE INDEX uq_memories_semantic_content ON negentropy.memories USING btree (user_id, content) WHERE kind = 'semantic';

CREATE INDEX memory_links_target_id_idx ON negentropy.memory_links USING btree (target_id);

COMMENT ON SCHEMA negentropy IS 'Business tables of the negentropy agent-memory service';

COMMENT ON TABLE negentropy.knowledge_documents IS 'Source documents of the knowledge base';

COMMENT ON TABLE negentropy.knowledge_chunks IS 'Retrieval chunks with a full-text and a semantic index';

COMMENT ON COLUMN negentropy.knowledge_chunks.embedding IS 'text-embedding-3-large; indexed through a halfvec cast';

COMMENT ON TABLE negentropy.threads IS 'A conversation between a user and the agent';

COMMENT ON TABLE negentropy.events IS 'Append-only log of what happened in a thread (same name as the framework''s public.events, on purpose)';

COMMENT ON TABLE negentropy.thread_participants IS 'Who takes part in a thread, and as what';

COMMENT ON TABLE negentropy.memories IS 'Long-term memories of a user';

COMMENT ON TABLE negentropy.facts IS 'Subject-predicate-object facts distilled from memories';

COMMENT ON TABLE negentropy.memory_links IS 'Directed relations between memories (supersedes, contradicts, elaborates)';
