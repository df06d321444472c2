#!/usr/bin/env python3
"""Label quality against ground truth: how often are TripletForge's positives and hard negatives right?

For each generator setting (bench/HELD-OUT.md: misclick rate, delivery complaints, citation noise,
retriever quality), each layout (interactions, threads) and each seed, generates a database whose
truth is known, builds it with `tripletforge build`, builds the same data the naive way, and
scores both against the truth:

- positive precision: share of (query group, positive) pairs whose passage is truly relevant;
- negative precision: share of (query group, negative) pairs whose passage is truly irrelevant;
- triplet precision: share of triplets with both right;
- coverage: share of the input's query groups that got at least one triplet;
- vs naive: query groups covered, divided by the groups the naive script covers.

The naive baseline is the script people write first: every passage a thumbs-up answer cited is a
positive, every passage a thumbs-down answer surfaced is a negative, all positives x all negatives
of a query (query text trimmed and lower-cased), no aggregation, no guard. On the threads layout
it reads each feedback record on its own: cited chunks of a positively rated message x surfaced
chunks of a negatively rated one.

Tuning settings A-D are free to look at. `--held-out` runs ONLY the held-out setting (seed 4242,
both layouts) and writes bench/results/quality-held-out.md; nobody tunes on it.

Extra build settings: `--config FILE` (a TOML file given to every build), `--set key=value`
(repeatable) and `--sweep key=v1,v2,...` (repeatable; one build per combination), where key is
`section.name` of the config file, e.g. `--sweep mining.near_duplicate_similarity=0,0.8`.

Usage: bench/quality.sh [--rated 15000] [--settings A,B,C,D] [--layouts interactions,threads]
                        [--seeds 1,2,3] [--tripletforge PATH] [--config FILE] [--sweep k=v1,v2]
"""
import argparse
import itertools
import shlex
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from quality_lib import Truth, input_groups, naive_triplets, score, toml_config, tripletforge_triplets  # noqa: E402

GENERATOR_VERSION = "1"

# bench/HELD-OUT.md: (misclick, complaint, citation noise, retriever quality, boilerplate).
SETTINGS = {
    "A": (0.05, 0.05, 0.05, 0.9, 0.2),
    "B": (0.10, 0.05, 0.10, 0.8, 0.2),
    "C": (0.25, 0.10, 0.10, 0.8, 0.2),
    "D": (0.10, 0.15, 0.20, 0.6, 0.2),
}
HELD_OUT = ("held-out", (0.08, 0.08, 0.15, 0.70, 0.15), [4242])
# The second held-out setting, written down before the wave-3 coverage work (bench/HELD-OUT.md).
HELD_OUT_2 = ("held-out-2", (0.07, 0.12, 0.12, 0.75, 0.10), [7373])


def generate(gen, layout, rated, seed, knobs, cache):
    misclick, complaint, noise, quality, boilerplate = knobs
    stem = (f"quality-v{GENERATOR_VERSION}-{layout}-r{rated}-s{seed}-m{misclick}-c{complaint}"
            f"-n{noise}-q{quality}-b{boilerplate}")
    db, truth = os.path.join(cache, stem + ".sqlite"), os.path.join(cache, stem + ".truth.jsonl")
    if not (os.path.exists(db) and os.path.exists(truth)):
        subprocess.run([gen, "--layout", layout, "--rated", str(rated), "--seed", str(seed), "--unrated-share", "0",
                        "--misclick-rate", str(misclick), "--complaint-rate", str(complaint),
                        "--citation-noise", str(noise), "--retriever-quality", str(quality),
                        "--boilerplate-rate", str(boilerplate),
                        "--out", db, "--truth-out", truth, "--quiet"], check=True)
    return db, truth


def parse_assignments(items, many):
    parsed = []
    for item in items:
        if "=" not in item or "." not in item.split("=", 1)[0]:
            sys.exit(f"quality: expected section.key=value, got {item!r}")
        key, value = item.split("=", 1)
        parsed.append((key, value.split(",") if many else value))
    return parsed


def variants(args):
    """(label, extra settings) per build: one per combination of the --sweep values."""
    fixed = dict(parse_assignments(args.set, many=False))
    sweeps = parse_assignments(args.sweep, many=True)
    if not sweeps:
        return [("tripletforge", fixed)]
    out = []
    for values in itertools.product(*(v for _, v in sweeps)):
        chosen = dict(zip((k for k, _ in sweeps), values))
        label = "tripletforge " + ", ".join(f"{k}={v}" for k, v in chosen.items())
        out.append((label, {**fixed, **chosen}))
    return out


def run_one(args, layout, knobs, seed, builds):
    db, truth_path = generate(args.gen, layout, args.rated, seed, knobs, args.cache)
    truth, groups = Truth(truth_path), input_groups(db, layout)
    naive = score(naive_triplets(db, layout), truth, groups)
    results = {"naive baseline": naive}
    for label, extra in builds:
        with tempfile.TemporaryDirectory() as workdir:
            config = toml_config(args.config, extra, workdir)
            triplets, _ = tripletforge_triplets(args.tripletforge, db, workdir, config, args.build_arg)
        result = score(triplets, truth, groups)
        result["vs_naive"] = result["covered"] / naive["covered"] if naive["covered"] else float("nan")
        results[label] = result
    naive["vs_naive"] = 1.0
    return results


def summarise(runs):
    """Mean over seeds of each metric, and the spread (max - min) of the headline ones."""
    keys = ["triplets", "positive_precision", "negative_precision", "triplet_precision", "coverage", "vs_naive"]
    mean = {k: statistics.fmean(r[k] for r in runs) for k in keys}
    spread = {k: max(r[k] for r in runs) - min(r[k] for r in runs) for k in keys}
    return mean, spread


def report(args, plan, table, seconds, title):
    seeds = ", ".join(str(s) for s in plan[0][2])
    lines = [f"# {title}", "",
             f"Rules: {args.label}. Ground truth from `tripletforge-gen --rated {args.rated} --unrated-share 0` "
             f"per layout and setting, seeds {seeds}: each value is the mean over the seeds, and ± is the spread "
             "(max − min) across them. Each topic has 2–4 truly relevant chunks; thumbs-down answers surface near "
             "misses and, a quarter of the time, one relevant chunk below rank 3. Coverage is the share of the "
             "input's query groups with at least one triplet; *vs naive* divides the groups covered by those the "
             "naive script covers. Threads: `--rated` rated assistant messages, each rated by 1–4 users.", "",
             "| setting | misclick | complaints | citation noise | retriever quality |", "|---|---:|---:|---:|---:|"]
    for name, knobs, _ in plan:
        lines.append(f"| {name} | {knobs[0]:.0%} | {knobs[1]:.0%} | {knobs[2]:.0%} | {knobs[3]:.2f} |")
    for layout in args.layouts:
        lines += ["", f"## {layout} layout", "",
                  "| setting | dataset | triplets | positive precision | negative precision | triplet precision | "
                  "coverage | vs naive |", "|---|---|---:|---:|---:|---:|---:|---:|"]
        for name, _, _ in plan:
            for label, (mean, spread) in table[(layout, name)].items():
                lines.append(
                    f"| {name} | {label} | {mean['triplets']:,.0f} | {mean['positive_precision']:.3f} | "
                    f"{mean['negative_precision']:.3f} | {mean['triplet_precision']:.3f} ±{spread['triplet_precision']:.3f} | "
                    f"{mean['coverage']:.3f} | {mean['vs_naive']:.2f}× ±{spread['vs_naive']:.2f} |")
    lines += ["", f"Run time: {seconds / 60:.1f} min (`bench/quality.sh {shlex.join(sys.argv[1:])}`)."]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rated", type=int, default=15000, help="rated answers (threads: rated messages) per database; default 15000: A–D took 9.1 min on 2 busy cores")
    parser.add_argument("--settings", default="A,B,C,D", help="tuning settings to run (of A,B,C,D)")
    parser.add_argument("--layouts", default="interactions,threads")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--held-out", action="store_true",
                        help="run ONLY the held-out setting of bench/HELD-OUT.md (once, at the end)")
    parser.add_argument("--held-out-2", action="store_true",
                        help="run ONLY the second held-out setting of bench/HELD-OUT.md (once, at the end)")
    parser.add_argument("--bin", default=".build/release", help="where both binaries are, unless given below")
    parser.add_argument("--tripletforge", help="the tripletforge binary to score (default BIN/tripletforge)")
    parser.add_argument("--gen", help="the tripletforge-gen binary (default BIN/tripletforge-gen)")
    parser.add_argument("--config", help="a TOML config file for every build")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a build setting, e.g. mining.confidence=0.8")
    parser.add_argument("--sweep", action="append", default=[], metavar="KEY=V1,V2", help="one build per value (combinations if repeated)")
    parser.add_argument("--build-arg", action="append", default=[], help="an extra `tripletforge build` argument, e.g. --no-redact")
    parser.add_argument("--label", default="TripletForge as built", help="what rules are measured, for the report")
    parser.add_argument("--cache", default="bench/cache")
    parser.add_argument("--out", help="default bench/results/quality.md (quality-held-out.md with --held-out)")
    args = parser.parse_args()
    args.layouts = args.layouts.split(",")
    args.tripletforge = args.tripletforge or os.path.join(args.bin, "tripletforge")
    args.gen = args.gen or os.path.join(args.bin, "tripletforge-gen")
    os.makedirs(args.cache, exist_ok=True)

    if args.held_out:
        plan, title = [HELD_OUT], "Label quality on the held-out setting"
        args.out = args.out or "bench/results/quality-held-out.md"
    elif args.held_out_2:
        plan, title = [HELD_OUT_2], "Label quality on the second held-out setting"
        args.out = args.out or "bench/results/quality-held-out-2.md"
    else:
        seeds = [int(s) for s in args.seeds.split(",")]
        plan = [(name, SETTINGS[name], seeds) for name in args.settings.split(",")]
        title = "Label quality on the tuning settings"
        args.out = args.out or "bench/results/quality.md"

    started, builds, table = time.time(), variants(args), {}
    for layout in args.layouts:
        for name, knobs, seeds in plan:
            runs = [run_one(args, layout, knobs, seed, builds) for seed in seeds]
            table[(layout, name)] = {label: summarise([r[label] for r in runs])
                                     for label in [b[0] for b in builds] + ["naive baseline"]}
            print(f"{layout} {name}: done ({(time.time() - started) / 60:.1f} min)", file=sys.stderr)

    text = report(args, plan, table, time.time() - started, title)
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as out:
        out.write(text)
    print(text)


if __name__ == "__main__":
    main()
