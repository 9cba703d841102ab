"""Times queries of docs/warehouse.md over a tables folder in DuckDB and chDB: each query
run `ROUNDS` times after the views are made, the fastest and slowest printed.

usage: time_queries.py WAREHOUSE_MD TABLES_DIR [QUERY...]   (default: by_person by_week adoption_matrix)
"""

import sys
import time

import chdb.session
import duckdb

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from run_queries import queries, statements  # noqa: E402

ROUNDS = 5


def timed(run):
    seconds = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return min(seconds), max(seconds)


def main():
    markdown, folder = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2]
    chosen = sys.argv[3:] or ["by_person", "by_week", "adoption_matrix"]
    found = queries(markdown)
    connection = duckdb.connect()
    for statement in statements(found["duckdb"]["setup"].replace("'tables/", f"'{folder}/")):
        connection.execute(statement)
    session = chdb.session.Session()
    session.query("CREATE DATABASE IF NOT EXISTS lens ENGINE = Atomic")
    session.query("USE lens")
    for statement in statements(found["clickhouse"]["setup"].replace("'tables/", f"'{folder}/")):
        session.query(statement)
    for name in chosen:
        duck = timed(lambda: connection.execute(found["duckdb"][name]).fetchall())
        click = timed(lambda: session.query(found["clickhouse"][name].strip().rstrip(";"), "JSON").bytes())
        print(f"{name}: duckdb {duck[0] * 1000:.0f}-{duck[1] * 1000:.0f} ms, chdb {click[0] * 1000:.0f}-{click[1] * 1000:.0f} ms")


main()
