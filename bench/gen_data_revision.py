#!/usr/bin/env python3
"""Writes the up script of a hand-written data revision of about SIZE_MB megabytes for
benchmarking `strata apply` on large scripts.

    gen_data_revision.py OUT_FILE SIZE_MB copy     # one COPY ... FROM STDIN with inline data
    gen_data_revision.py OUT_FILE SIZE_MB insert   # multi-row INSERTs of ~100 KB each

Rows go into negentropy.items (id bigint, body text). Deterministic: the same arguments give
the same bytes, so the checksum is stable.
"""
import sys


def main() -> None:
    out, size_mb, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    target = size_mb * 1024 * 1024
    body = ("lorem ipsum dolor sit amet " * 40)[:1000]  # 1000 characters per row
    written = 0
    row = 0
    with open(out, "w") as f:
        f.write("-- bench data revision: %d MB of rows (%s)\n" % (size_mb, mode))
        if mode == "copy":
            f.write("COPY negentropy.items (id, body) FROM STDIN;\n")
            while written < target:
                row += 1
                line = "%d\t%s %d\n" % (row, body, row)
                f.write(line)
                written += len(line)
            f.write("\\.\n")
        else:
            while written < target:
                values = []
                for _ in range(100):
                    row += 1
                    values.append("(%d, '%s %d')" % (row, body, row))
                statement = "INSERT INTO negentropy.items (id, body) VALUES\n" + ",\n".join(values) + ";\n"
                f.write(statement)
                written += len(statement)
        f.write("ANALYZE negentropy.items;\n")


if __name__ == "__main__":
    main()
