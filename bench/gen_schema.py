#!/usr/bin/env python3
"""Writes a synthetic schema directory of N tables for benchmarking `strata compile`.

Each table has ten columns of assorted types, a primary key, a foreign key to the previous
table, a check, two indexes and, on every tenth table, a vector column with an HNSW index, so
every stage of the pipeline (load, model, diff, emit) does real work.
`--single-file` writes everything into OUT_DIR/schema.yaml (one large document, as for the
50 MB case of bench/compile_large.sh) instead of one file per table under OUT_DIR/tables/.
Usage: gen_schema.py OUT_DIR [TABLES] [--variant] [--single-file]
"""
import os
import sys


def main() -> None:
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 and not sys.argv[2].startswith("--") else 1000
    # A variant adds one column to every table, to measure a second compile that diffs.
    variant = 1 if "--variant" in sys.argv else 0
    single_file = "--single-file" in sys.argv
    os.makedirs(out, exist_ok=True)
    settings = "schema:\n  name: bench\n  extensions: [vector]\nenums:\n  item_state: [new, active, done]\n"
    if single_file:
        with open(os.path.join(out, "schema.yaml"), "w") as f:
            f.write(settings)
            f.write("tables:\n")
            for i in range(count):
                f.write(table(i, variant))
        return
    os.makedirs(os.path.join(out, "tables"), exist_ok=True)
    with open(os.path.join(out, "schema.yaml"), "w") as f:
        f.write(settings)
    for i in range(count):
        with open(os.path.join(out, "tables", f"t{i:04d}.yaml"), "w") as f:
            f.write("tables:\n" + table(i, variant))


def table(i: int, variant: int) -> str:
    """The entry of table i under `tables:`."""
    lines = [f"  t{i:04d}:\n    comment: Synthetic table {i}\n    columns:\n"]
    lines.append("      id: { type: bigint, identity: always, primary_key: true }\n")
    if i > 0:
        lines.append(f"      parent_id: {{ type: bigint, references: t{i-1:04d}.id, on_delete: cascade }}\n")
    lines.append("      name: { type: varchar(200), nullable: false }\n")
    lines.append("      state: { type: item_state, nullable: false, default: \"'new'\" }\n")
    lines.append("      score: { type: double precision, nullable: false, default: 0 }\n")
    lines.append("      payload: { type: jsonb, nullable: false, default: \"'{}'::jsonb\" }\n")
    lines.append("      tags: { type: \"text[]\", nullable: false, default: \"'{}'\" }\n")
    lines.append("      created_at: { type: timestamptz, nullable: false, default: now() }\n")
    if i % 10 == 0:
        lines.append("      embedding: vector(768)\n")
    if variant:
        lines.append("      extra: text\n")
    lines.append("    checks:\n      - { expression: \"score >= 0\" }\n")
    lines.append("    indexes:\n")
    lines.append("      - { columns: [name] }\n")
    lines.append("      - { columns: [state, created_at] }\n")
    if i % 10 == 0:
        lines.append("      - { columns: [embedding], method: hnsw, opclass: vector_cosine_ops }\n")
    return "".join(lines)


if __name__ == "__main__":
    main()
