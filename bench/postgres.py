#!/usr/bin/env python3
"""The same generated data read from SQLite and from PostgreSQL: build time and peak memory side by side.

    eval "$(scripts/postgres.sh start)"                       # a throwaway local server
    swift build -c release --product tripletforge --product tripletforge-gen
    python3 bench/postgres.py --rated 80000                   # 200k rows (80k rated + 120k unrated)

The generator writes SQLite (cached in bench/cache/ like bench/run.sh); scripts/sqlite-to-postgres.py
copies it into a database on the server of TRIPLETFORGE_TEST_PG (timed, once per size), and
`tripletforge build` reads each — PostgreSQL as the SELECT-only role of TRIPLETFORGE_TEST_PG_READER,
over the Unix socket — alternating, `--runs` times. Wall time and the tripletforge process's
user+sys CPU and peak RSS come from os.wait4 (bench.measure); the server's own memory and CPU are
not in them (it is another process): the CPU column shows what the client did, wall what it waited.
The shards of both builds are compared: they must be byte-identical. Results go to
bench/results/postgres.md. Nothing asserts a time.
"""
import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


def with_database(url, name):
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path="/" + name))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rated", type=int, default=80000, help="rated rows (the generator adds 1.5× as many unrated)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--reload", action="store_true", help="copy into PostgreSQL even if the database exists")
    args = parser.parse_args()
    admin, reader = os.environ.get("TRIPLETFORGE_TEST_PG"), os.environ.get("TRIPLETFORGE_TEST_PG_READER")
    if not admin or not reader:
        sys.exit('bench/postgres.py: start a server first: eval "$(scripts/postgres.sh start)"')
    version = bench.generator_version()
    sqlite_path, info = bench.cached_database(args.rated, args.seed, version, bench.CACHE)
    name = f"tf_bench_r{args.rated}_s{args.seed}_g{version}".replace(".", "_").replace("-", "_")
    exists = subprocess.run(["psql", with_database(admin, "postgres"), "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
                            capture_output=True, text=True, check=True).stdout.strip() == "1"
    load = None
    if args.reload or not exists:
        print(f"bench: copying {os.path.basename(sqlite_path)} into PostgreSQL database {name} …", file=sys.stderr, flush=True)
        load = bench.measure([sys.executable, os.path.join(bench.ROOT, "scripts", "sqlite-to-postgres.py"), sqlite_path, admin, name])
    size = subprocess.run(["psql", with_database(admin, name), "-tAc", "SELECT pg_database_size(current_database()), count(*) FROM interactions"],
                          capture_output=True, text=True, check=True).stdout.strip().split("|")
    runs = {"sqlite": [], "postgres": []}
    scratch = tempfile.mkdtemp(prefix="tf-bench-pg-")
    try:
        for run in range(args.runs):
            for kind, db in (("sqlite", sqlite_path), ("postgres", with_database(reader, name))):
                out = os.path.join(scratch, f"{kind}-{run}")
                runs[kind].append(bench.measure([bench.TOOL, "build", "--db", db, "--out", out, "--quiet"]))
        a, b = os.path.join(scratch, "sqlite-0", "data"), os.path.join(scratch, "postgres-0", "data")
        shards = sorted(os.listdir(a))
        same = shards == sorted(os.listdir(b)) and all(filecmp.cmp(os.path.join(a, s), os.path.join(b, s), shallow=False) for s in shards)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    server_version = subprocess.run(["psql", with_database(admin, "postgres"), "-tAc", "SHOW server_version"],
                                    capture_output=True, text=True, check=True).stdout.strip()
    m = bench.machine()
    best = {k: min(v, key=lambda r: r["wall"]) for k, v in runs.items()}
    lines = [
        f"# SQLite vs PostgreSQL input ({m['date']}, commit {m['commit']})", "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']}, load average at start {m['load_average_at_start']}; "
        f"PostgreSQL {server_version} on the same machine (Unix socket; its CPU and memory are not in the tripletforge columns).", "",
        f"Data: `tripletforge-gen --rated {args.rated} --seed {args.seed}` (generator {version}): {int(size[1]):,} rows; "
        f"SQLite file {bench.mb(info['bytes']):,.0f} MB, PostgreSQL database {bench.mb(int(size[0])):,.0f} MB."
        + (f" Copy into PostgreSQL: {load['wall']:.0f} s." if load else ""), "",
        f"Best of {args.runs} runs each, alternating:", "",
        "| input | wall s | CPU s (tripletforge) | peak RSS MB (tripletforge) |",
        "|---|---:|---:|---:|",
    ]
    for kind in ("sqlite", "postgres"):
        r = best[kind]
        lines.append(f"| {kind} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['rss_mb']:.0f} |")
    lines += ["", f"Shards byte-identical: {'yes' if same else 'NO'}.", ""]
    report = "\n".join(lines)
    print(report)
    os.makedirs(bench.RESULTS, exist_ok=True)
    with open(os.path.join(bench.RESULTS, "postgres.md"), "w") as f:
        f.write(report)
    if not same:
        sys.exit("bench/postgres.py: the two builds' shards differ")


if __name__ == "__main__":
    main()
