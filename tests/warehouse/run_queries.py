"""Runs every query of docs/warehouse.md over a tables folder in DuckDB and in chDB
(ClickHouse's embedded engine), and prints each engine's rows as JSON.

usage: run_queries.py WAREHOUSE_MD TABLES_DIR

A query is a ```sql block whose first line is `-- query: NAME`; `-- query: NAME
(clickhouse)` is its ClickHouse spelling, used on chDB in its place. The setup block
makes the views. Paths `'tables/` become the folder given.
"""

import datetime
import decimal
import json
import re
import sys

import chdb
import chdb.session
import duckdb


def queries(markdown):
    found = {"duckdb": {}, "clickhouse": {}}
    for block in re.findall(r"```sql\n(.*?)```", markdown, re.S):
        head, _, body = block.partition("\n")
        match = re.fullmatch(r"-- query: (\w+)( \(clickhouse\))?", head.strip())
        if not match:
            raise SystemExit(f"a sql block without a `-- query: NAME` line: {head!r}")
        name, clickhouse = match.group(1), bool(match.group(2))
        found["clickhouse" if clickhouse else "duckdb"][name] = body
    for name, body in found["duckdb"].items():
        found["clickhouse"].setdefault(name, body)
    return found


def plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def statements(text):
    return [part.strip() for part in text.split(";") if part.strip()]


def run_duckdb(found, folder):
    connection = duckdb.connect()
    for statement in statements(found["setup"].replace("'tables/", f"'{folder}/")):
        connection.execute(statement)
    out = {}
    for name, body in found.items():
        if name == "setup":
            continue
        cursor = connection.execute(body)
        columns = [column[0] for column in cursor.description]
        out[name] = [dict(zip(columns, map(plain, row))) for row in cursor.fetchall()]
    return out


def run_chdb(found, folder):
    session = chdb.session.Session()
    session.query("CREATE DATABASE IF NOT EXISTS lens ENGINE = Atomic")
    session.query("USE lens")
    for statement in statements(found["setup"].replace("'tables/", f"'{folder}/")):
        session.query(statement)
    out = {}
    for name, body in found.items():
        if name == "setup":
            continue
        text = session.query(body.strip().rstrip(";"), "JSON").bytes().decode()
        data = json.loads(text)["data"] if text.strip() else []
        for row in data:
            for key, value in row.items():
                # ClickHouse's JSON quotes 64-bit integers.
                if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
                    row[key] = int(value)
                elif value is True or value is False:
                    row[key] = value
        out[name] = data
    session.close()
    return out


def main():
    markdown, folder = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2]
    found = queries(markdown)
    print(json.dumps({"duckdb": run_duckdb(found["duckdb"], folder), "chdb": run_chdb(found["clickhouse"], folder)}))


if __name__ == "__main__":
    main()
