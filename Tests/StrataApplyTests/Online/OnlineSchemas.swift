import Foundation

@testable import StrataBundle

/// Schemas that exercise every online pattern (SPEC §6) on tables an earlier revision created.
enum OnlineSchemas {
    static func header(online: Bool) -> String {
        """
        schema:
          name: negentropy
          extensions:
            - { name: vector, schema: public }
        \(online ? "" : "  online: false\n")
        """
    }

    /// Two existing tables with data-shaped columns, a unique constraint and two indexes.
    static func v1(online: Bool = true) -> String {
        header(online: online) + """
            tables:
              threads:
                columns:
                  id: { type: uuid, primary_key: true, default: gen_random_uuid() }
                  title: { type: text, nullable: false }
              items:
                columns:
                  id: { type: bigint, nullable: false }
                  thread_id: uuid
                  code: text
                  qty: integer
                  note: text
                  embedding: vector(3)
                unique:
                  - { name: uq_items_key, columns: [id] }
                indexes:
                  - { name: ix_items_note, columns: [note] }
                  - { name: ix_items_qty, columns: [qty] }
            """
    }

    /// Every pattern on `items`: a primary key, SET NOT NULL, a unique constraint, a changed one, a
    /// check, a foreign key, a changed index, a dropped one, an HNSW index and a unique index.
    static func v2(online: Bool = true) -> String {
        header(online: online) + """
            tables:
              threads:
                columns:
                  id: { type: uuid, primary_key: true, default: gen_random_uuid() }
                  title: { type: text, nullable: false }
              items:
                columns:
                  id: { type: bigint, nullable: false, primary_key: true }
                  thread_id: { type: uuid, nullable: false }
                  code: text
                  qty: integer
                  note: text
                  embedding: vector(3)
                unique:
                  - { name: uq_items_code, columns: [code] }
                  - { name: uq_items_key, columns: [id, code] }
                checks:
                  - { name: ck_items_qty, expression: "qty >= 0" }
                foreign_keys:
                  - { name: fk_items_thread, columns: [thread_id], references: { table: threads, columns: [id] } }
                indexes:
                  - { name: ix_items_note, columns: [note, qty] }
                  - { name: ix_items_embedding, columns: [embedding], method: hnsw, opclass: vector_cosine_ops }
                  - { name: uq_items_thread_code, columns: [thread_id, code], unique: true }
            """
    }

    /// Rows that satisfy every constraint of v2, so the validations have something to scan.
    static let rows = """
        INSERT INTO negentropy.threads (id, title)
            SELECT ('00000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, 't' || g FROM generate_series(1, 5) g;
        INSERT INTO negentropy.items (id, thread_id, code, qty, note, embedding)
            SELECT g, ('00000000-0000-0000-0000-' || lpad((g % 5 + 1)::text, 12, '0'))::uuid, 'c' || g, g,
                   'n' || (g % 7), ('[' || g || ',1,0]')::public.vector
            FROM generate_series(1, 500) g;
        """

    /// What the catalog says about the managed schema's tables: columns with their NOT NULL,
    /// constraints with their definition and validity, indexes with their definition and validity.
    static let catalogQuery = """
        SELECT 'column ' || a.attrelid::regclass || '.' || a.attname || ' not null ' || a.attnotnull
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'negentropy' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        UNION ALL
        SELECT 'constraint ' || co.conrelid::regclass || ' ' || co.conname || ' ' || co.contype::text || ' valid '
                || co.convalidated || ' ' || pg_get_constraintdef(co.oid)
            FROM pg_constraint co JOIN pg_namespace n ON n.oid = co.connamespace WHERE n.nspname = 'negentropy'
        UNION ALL
        SELECT 'index ' || i.indexrelid::regclass || ' valid ' || i.indisvalid || ' ready ' || i.indisready || ' '
                || pg_get_indexdef(i.indexrelid)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'negentropy'
        ORDER BY 1
        """
}
