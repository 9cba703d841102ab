"""Writes the fuzz targets' seed inputs (scripts/fuzz.sh): pieces of the real transcripts
in ../shared/fixtures/real, exports and a report made from them by the command line,
gzip-compressed pieces and git log output. Usage: fuzz_seeds.py FIXTURES CLI OUT_DIR"""

import gzip
import pathlib
import re
import subprocess
import sys
import tempfile
import zipfile
import io

MAX_SEED_BYTES = 16 * 1024


def pieces(path):
    """Runs of whole lines of a file, each at most MAX_SEED_BYTES."""
    piece = b""
    for line in path.read_bytes().splitlines(keepends=True):
        if len(line) > MAX_SEED_BYTES:
            line = line[:MAX_SEED_BYTES]
        if len(piece) + len(line) > MAX_SEED_BYTES:
            yield piece
            piece = b""
        piece += line
    if piece:
        yield piece


def write(directory, name, data):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(data)


def zip_seed(path, piece, number):
    """A zip (Python's writer) of a transcript's first piece in a folder, deflated or
    stored, every fourth one with zip64 fields, and a second small entry."""
    buffer = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if number % 2 == 0 else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        with archive.open(f"projects/{path.parent.name}/{path.name}", "w", force_zip64=(number % 4 == 0)) as entry:
            entry.write(piece)
        archive.writestr("projects/notes/readme.txt", b"not a transcript\n")
    return buffer.getvalue()


def main():
    fixtures, cli, out = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3])
    transcripts = sorted((fixtures / "real").rglob("*.jsonl"))
    for number, path in enumerate(transcripts):
        for index, piece in enumerate(pieces(path)):
            # The first byte picks the chunk size the target feeds.
            write(out / "ingest-lines", f"{number}-{index}", bytes([61 + index % 190]) + piece)
            if index < 2:
                write(out / "gzip", f"{number}-{index}", bytes([61 + index % 190]) + gzip.compress(piece))
            if index == 0 and number < 40:
                write(out / "zip-archive", f"{number}", zip_seed(path, piece, number))
    # The per-agent targets: that agent's files only, whole (JSON chats are one record).
    for number, path in enumerate(sorted((fixtures / "real").rglob("*"))):
        if not path.is_file() or path.suffix not in (".jsonl", ".json") or path.name == "metadata.json":
            continue
        head = path.read_bytes()[:4096]
        target = "codex-rollout" if b'"payload"' in head else "gemini-chat" if b'"projectHash"' in head or b'"messages"' in head else None
        if target:
            for index, piece in enumerate(pieces(path) if target == "codex-rollout" else [path.read_bytes()[:4 * MAX_SEED_BYTES]]):
                write(out / target, f"{number}-{index}", bytes([61 + index % 190]) + piece)
                if target == "codex-rollout" and index < 2:
                    write(out / "zstd", f"{number}-{index}", bytes([61 + index % 190, 1]) + piece[:4096])
    # Other tools' records: ccusage's reports of the fixtures, and the session-metrics log
    # and AgileFlow state examples of the seed documents (their fenced blocks).
    for report in sorted((fixtures / "expected").glob("*.json")):
        write(out / "seed-records", report.name, b"\x00" + report.read_bytes()[:MAX_SEED_BYTES])
    for seed in sorted((fixtures.parent / "seeds").glob("*.txt")):
        text = seed.read_text(encoding="utf-8", errors="replace")
        for index, block in enumerate(re.findall(r"```(yaml|json)\n(.*?)```", text, re.S)):
            language, body = block
            write(out / "seed-records", f"{seed.stem}-{index}", (b"\x01" if language == "yaml" else b"\x00") + body.encode())
    for price_table in sorted((fixtures / "pricing").glob("*.json")):
        write(out / "ingest-lines", price_table.name, b"\xff" + price_table.read_bytes()[:MAX_SEED_BYTES])
    log = subprocess.run(
        ["git", "log", "-n", "40", "--numstat", "--date=iso-strict", "--format=session-lens-commit %H %cd /work/app"],
        capture_output=True, check=True).stdout
    write(out / "git-log", "git-log", log[:MAX_SEED_BYTES])
    with tempfile.TemporaryDirectory() as scratch:
        for directory in sorted(path for path in (fixtures / "real").iterdir() if path.is_dir()):
            size = sum(file.stat().st_size for file in directory.rglob("*.jsonl"))
            if not 0 < size < 400_000:
                continue
            export = pathlib.Path(scratch) / f"{directory.name}.json"
            report = pathlib.Path(scratch) / f"{directory.name}.html"
            subprocess.run([cli, "export", "--include-text", str(directory), "-o", str(export)], check=True, capture_output=True)
            subprocess.run([cli, "report", str(directory), "-o", str(report)], check=True, capture_output=True)
            write(out / "export-loader", export.name, export.read_bytes())
            write(out / "export-loader", report.name, report.read_bytes())


main()
