#!/usr/bin/env python3
"""The TripletForge benchmark: `tripletforge build` against a floor and a plain Python reference.

For each size N (rated interactions) it generates — or reuses from bench/cache/ — a database with
tripletforge-gen, then measures on the same machine, in the same run:

- tripletforge:  `tripletforge build --db DB --out TMP` (release build);
- floor:         `sqlite3 DB "SELECT … WHERE feedback IS NOT NULL" > /dev/null` plus single-threaded
                 `gzip -1` of the JSONL that tripletforge produced (its shards, decompressed) — the
                 cost of just reading the rated rows and just compressing the output;
- python:        bench/reference.py on the same DB (same job, written plainly).

Each command is timed with os.wait4, which gives that one child's user+sys CPU time and peak RSS
(no /usr/bin/time needed). Results are printed as Markdown and written to bench/results/latest.md
(and .json). Run it through bench/run.sh, which builds the binaries first.

Nothing here asserts a time: it measures and reports.
"""
import argparse
import datetime
import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.path.join(ROOT, "bench", "cache")
RESULTS = os.path.join(ROOT, "bench", "results")
TOOL = os.path.join(ROOT, ".build", "release", "tripletforge")
GEN = os.path.join(ROOT, ".build", "release", "tripletforge-gen")
REFERENCE = os.path.join(ROOT, "bench", "reference.py")
FLOOR_SQL = "SELECT id, query, answer, chunks, feedback FROM interactions WHERE feedback IS NOT NULL"


def measure(argv, stdin=None, stdout=subprocess.DEVNULL):
    """Runs argv to completion; returns wall s, user+sys CPU s, peak RSS MB, and its stdout if piped."""
    # stderr goes to a file, not a pipe: reading two pipes one after the other can deadlock.
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdin=stdin, stdout=stdout, stderr=errors)
        captured = process.stdout.read() if stdout == subprocess.PIPE else b""
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            sys.exit(f"bench: {' '.join(argv)} failed ({process.returncode}):\n{errors.read().decode(errors='replace')}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
            "stdout": captured}


def generator_version():
    return subprocess.run([GEN, "--version"], check=True, capture_output=True, text=True).stdout.strip()


def cached_database(rated, seed, version, cache):
    """The DB for (rated, seed, generator version): generated once, then reused."""
    os.makedirs(cache, exist_ok=True)
    path = os.path.join(cache, f"interactions-r{rated}-s{seed}-g{version}.sqlite")
    info_path = path + ".json"
    if not (os.path.exists(path) and os.path.exists(info_path)):
        print(f"bench: generating {os.path.relpath(path, ROOT)} …", file=sys.stderr, flush=True)
        run = measure([GEN, "--rated", str(rated), "--seed", str(seed), "--out", path, "--quiet"])
        info = {"generated_in_s": run["wall"], "generator_rss_mb": run["rss_mb"], "bytes": os.path.getsize(path)}
        with open(info_path, "w") as f:
            json.dump(info, f)
    with open(info_path) as f:
        return path, json.load(f)


def concatenate_shards(dataset, jsonl_path):
    """Decompresses a dataset's shards (in manifest order) into one JSONL file; returns sizes."""
    with open(os.path.join(dataset, "manifest.json")) as f:
        manifest = json.load(f)
    compressed = lines = 0
    with open(jsonl_path, "wb") as out:
        for shard in manifest["shards"]:
            path = os.path.join(dataset, shard["path"])
            compressed += os.path.getsize(path)
            with gzip.open(path, "rb") as f:
                while block := f.read(1 << 20):
                    lines += block.count(b"\n")
                    out.write(block)
    # The shards' digests, so runs (e.g. single- vs multi-threaded builds) can be checked byte-identical.
    return {"compressed": compressed, "uncompressed": os.path.getsize(jsonl_path), "triplets": lines,
            "shard_sha256": [shard["sha256"] for shard in manifest["shards"]]}


def bench_size(rated, seed, version, skip_python, scratch_root, cache):
    db, info = cached_database(rated, seed, version, cache)
    db_bytes = os.path.getsize(db)
    result = {"rated": rated, "db_bytes": db_bytes, "generation": info}
    with tempfile.TemporaryDirectory(dir=scratch_root, prefix="tripletforge-bench-") as scratch:
        # Floor, part 1 first: it also warms the page cache for everyone after it (when the file fits).
        print(f"bench: {rated} rated — sqlite3 scan", file=sys.stderr, flush=True)
        result["scan"] = measure(["sqlite3", db, FLOOR_SQL])

        print(f"bench: {rated} rated — tripletforge build", file=sys.stderr, flush=True)
        out = os.path.join(scratch, "tripletforge")
        result["tripletforge"] = measure([TOOL, "build", "--db", db, "--out", out, "--quiet"])
        jsonl = os.path.join(scratch, "triplets.jsonl")
        result["output"] = concatenate_shards(out, jsonl)
        shutil.rmtree(out)

        print(f"bench: {rated} rated — gzip -1", file=sys.stderr, flush=True)
        with open(jsonl, "rb") as source:
            result["gzip1"] = measure(["gzip", "-1", "-c"], stdin=source)
        os.remove(jsonl)

        if not skip_python:
            print(f"bench: {rated} rated — python reference", file=sys.stderr, flush=True)
            out = os.path.join(scratch, "python")
            run = measure([sys.executable, REFERENCE, "--db", db, "--out", out], stdout=subprocess.PIPE)
            run["summary"] = json.loads(run["stdout"])
            result["python"] = run
    for run in result.values():
        if isinstance(run, dict):
            run.pop("stdout", None)
    return result


def machine():
    def first(path, prefix):
        try:
            with open(path) as f:
                return next((line.split(":", 1)[1].strip() for line in f if line.startswith(prefix)), "?")
        except OSError:
            return "?"
    def version(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True).stdout.splitlines()[0].strip()
        except (OSError, IndexError):
            return "?"
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": first("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "memory": first("/proc/meminfo", "MemTotal"),
        "load_average_at_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "kernel": platform.release(),
        "swift": version(["swift", "--version"]),
        "sqlite3": version(["sqlite3", "--version"]).split(" ")[0],
        "python": platform.python_version(),
        "gzip": version(["gzip", "--version"]),
        "commit": commit + (" (modified)" if dirty else ""),
    }


def mb(n):
    return n / 1e6


def markdown(machine_info, results):
    m = machine_info
    lines = [
        "# TripletForge benchmark",
        "",
        f"{m['date']} · commit {m['commit']} · {m['cores']} cores ({m['cpu']}) · {m['memory']} RAM · "
        f"load at start {m['load_average_at_start']}",
        f"{m['swift']} · SQLite {m['sqlite3']} · Python {m['python']} · {m['gzip']}",
        "",
        "Per size: the DB has N rated rows plus 1.5·N unrated ones (60 %). *Floor* = `sqlite3` scan of the "
        "rated rows to /dev/null + single-threaded `gzip -1` of the JSONL tripletforge produced. "
        "Rates are per wall-clock second; CPU is user+sys (CPU/wall > 1 means more than one core busy). "
        "Output MB/s and the compression ratio are of tripletforge's shards (raw = the JSONL inside).",
        "",
        "| rated rows | DB MB | run | wall s | CPU s | CPU/wall | peak RSS MB | input MB/s | rows/s | triplets/s "
        "| out MB/s (raw) | out MB/s (gz) | ratio |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        out, db_mb, n = r["output"], mb(r["db_bytes"]), r["rated"]
        ratio = out["uncompressed"] / max(out["compressed"], 1)

        def row(name, run, rows=True, triplets=None, raw=None, gz=None):
            """One table line; a rate is shown only where it means something for that command."""
            wall = run["wall"]
            cells = [f"{n:,}", f"{db_mb:,.0f}", name, f"{wall:.2f}", f"{run['cpu']:.2f}", f"{run['cpu'] / wall:.2f}",
                     f"{run['rss_mb']:.0f}",
                     f"{db_mb / wall:,.0f}" if rows else "–",
                     f"{n / wall:,.0f}" if rows else "–",
                     f"{triplets / wall:,.0f}" if triplets else "–",
                     f"{mb(raw) / wall:,.1f}" if raw else "–",
                     f"{mb(gz) / wall:,.1f}" if gz else "–",
                     f"{ratio:.2f}" if gz else "–"]
            lines.append("| " + " | ".join(cells) + " |")

        row("**tripletforge**", r["tripletforge"], triplets=out["triplets"], raw=out["uncompressed"], gz=out["compressed"])
        floor = {"wall": r["scan"]["wall"] + r["gzip1"]["wall"], "cpu": r["scan"]["cpu"] + r["gzip1"]["cpu"],
                 "rss_mb": max(r["scan"]["rss_mb"], r["gzip1"]["rss_mb"])}
        r["floor"] = floor
        row("floor (scan + gzip -1)", floor, triplets=out["triplets"], raw=out["uncompressed"])
        row("  ↳ sqlite3 scan", r["scan"])
        row("  ↳ gzip -1 of the JSONL", r["gzip1"], rows=False, raw=out["uncompressed"])
        if "python" in r:
            row("python reference", r["python"], triplets=r["python"]["summary"]["triplets"])

    for r in results:
        # gzip -1 is single-threaded and CPU-bound: when it gets much less than a whole core, other
        # work was competing for the machine and every wall time of that size is inflated.
        share = r["gzip1"]["cpu"] / r["gzip1"]["wall"]
        if share < 0.9:
            lines += ["", f"⚠ {r['rated']:,} rated: the machine was busy — single-threaded gzip got {share:.2f} of a core. "
                          "Wall times are inflated; CPU times are the steadier comparison."]
    lines += ["", "Ratios (> 1 means tripletforge is faster):", "",
              "| rated rows | triplets | vs floor (wall) | vs python (wall) | vs floor (CPU) | vs python (CPU) "
              "| tripletforge peak RSS MB | DB generated in s |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        tf, tf_cpu = r["tripletforge"]["wall"], r["tripletforge"]["cpu"]
        vs_python = f"{r['python']['wall'] / tf:.2f}×" if "python" in r else "–"
        vs_python_cpu = f"{r['python']['cpu'] / tf_cpu:.2f}×" if "python" in r else "–"
        lines.append(f"| {r['rated']:,} | {r['output']['triplets']:,} | {r['floor']['wall'] / tf:.2f}× | {vs_python} "
                     f"| {r['floor']['cpu'] / tf_cpu:.2f}× | {vs_python_cpu} "
                     f"| {r['tripletforge']['rss_mb']:.0f} | {r['generation']['generated_in_s']:.1f} |")
    if any("python" in r for r in results):
        lines += ["", "Python reference triplets (a sanity check that both did comparable work): " + ", ".join(
            f"{r['rated']:,} → {r['python']['summary']['triplets']:,}" for r in results if "python" in r)]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description="Benchmark tripletforge build against a floor and a Python reference.")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="rated interactions per DB, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-python", action="store_true", help="do not run the Python reference")
    parser.add_argument("--cache", default=CACHE,
                        help="where generated DBs are kept (default bench/cache/; the 1M DB is ≈ 37 GB)")
    parser.add_argument("--scratch", default=None, help="where outputs go while measured (default: the system temp dir)")
    parser.add_argument("--results", default=os.path.join(RESULTS, "latest.md"), help="the Markdown report to write")
    parser.add_argument("--render", metavar="JSON", help="only re-render the Markdown report from a results .json")
    args = parser.parse_args()
    if args.render:
        with open(args.render) as f:
            raw = json.load(f)
        report = markdown(raw["machine"], raw["results"])
        print(report)
        with open(args.results, "w") as f:
            f.write(report)
        return
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    for binary in (TOOL, GEN):
        if not os.access(binary, os.X_OK):
            sys.exit(f"bench: {binary} is missing; run bench/run.sh (it builds the release binaries)")

    info = machine()
    version = generator_version()
    results = []
    for n in sizes:
        results.append(bench_size(n, args.seed, version, args.skip_python, args.scratch, args.cache))
        # Written after every size, so a long run that is interrupted still leaves its numbers.
        report = markdown(info, results)
        write_results(args.results, report, {"machine": info, "generator_version": version, "seed": args.seed,
                                              "results": results})
    print(report)


def write_results(path, report, raw):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        f.write(report)
    with open(os.path.splitext(path)[0] + ".json", "w") as f:
        json.dump(raw, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
