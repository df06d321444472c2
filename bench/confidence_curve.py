#!/usr/bin/env python3
"""The precision/coverage curve of `[mining] confidence`, the evidence model's one knob.

For each generator setting given, generates (or reuses) a database with ground truth, builds it
with `tripletforge build` at each confidence value, and scores the triplets as bench/quality.py
does (triplet precision, positive and negative precision, query groups covered, and coverage
relative to the naive script's). Never pass the held-out setting of bench/HELD-OUT.md here.

Usage: python3 bench/confidence_curve.py [--rated 20000] [--values 0.6,0.7,0.8,0.9,0.95,0.98]
         [--setting "name=--misclick-rate 0.1 --complaint-rate 0.05" ...]
"""
import argparse
import os
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import quality  # noqa: E402  (the scoring and the naive baseline, shared)

DEFAULT_SETTINGS = [
    "10%=--misclick-rate 0.1 --complaint-rate 0.05 --boilerplate-rate 0.2",
    "25%=--misclick-rate 0.25 --complaint-rate 0.1 --boilerplate-rate 0.2",
]


def generate(gen, rated, arguments, cache):
    if "4242" in arguments:
        sys.exit("confidence_curve: that is the held-out setting (bench/HELD-OUT.md); it is not for tuning")
    stem = "curve-r%d-%s" % (rated, "".join(c if c.isalnum() or c in ".-" else "_" for c in arguments))
    db, truth = os.path.join(cache, stem + ".sqlite"), os.path.join(cache, stem + ".truth.jsonl")
    if not (os.path.exists(db) and os.path.exists(truth)):
        subprocess.run([gen, "--rated", str(rated), "--unrated-share", "0", "--out", db, "--truth-out", truth, "--quiet"]
                       + shlex.split(arguments), check=True)
    return db, truth


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rated", type=int, default=20000)
    parser.add_argument("--values", default="0.6,0.7,0.8,0.9,0.95,0.98")
    parser.add_argument("--setting", action="append", help="name=generator arguments (repeatable)")
    parser.add_argument("--bin", default=".build/release")
    parser.add_argument("--cache", default="bench/cache")
    parser.add_argument("--out", default="bench/results/confidence-curve.md")
    args = parser.parse_args()
    os.makedirs(args.cache, exist_ok=True)
    lines = ["| setting | confidence | triplets | positive precision | negative precision | triplet precision | coverage | coverage vs naive |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for setting in args.setting or DEFAULT_SETTINGS:
        name, arguments = setting.split("=", 1)
        db, truth_path = generate(os.path.join(args.bin, "tripletforge-gen"), args.rated, arguments, args.cache)
        truth, groups = quality.Truth(truth_path), quality.input_groups(db)
        naive = quality.score(quality.naive_triplets(db), truth, groups)
        for value in args.values.split(","):
            with tempfile.TemporaryDirectory() as workdir:
                triplets, _ = quality.tripletforge_triplets(os.path.join(args.bin, "tripletforge"), db, workdir,
                                                            config="[mining]\nconfidence = %s\n" % value)
            s = quality.score(triplets, truth, groups)
            lines.append("| %s | %s | %s | %.3f | %.3f | %.3f | %.3f | %.2f× |" % (
                name, value, format(s["triplets"], ","), s["positive_precision"], s["negative_precision"],
                s["triplet_precision"], s["coverage"], s["coverage"] / naive["coverage"]))
            print(lines[-1], file=sys.stderr)
        lines.append("| %s | naive script | %s | %.3f | %.3f | %.3f | %.3f | 1.00× |" % (
            name, format(naive["triplets"], ","), naive["positive_precision"], naive["negative_precision"],
            naive["triplet_precision"], naive["coverage"]))
    report = "Generated with `tripletforge-gen --rated %d --unrated-share 0` and the arguments of each setting.\n\n" % args.rated
    report += "\n".join(lines) + "\n"
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as out:
        out.write(report)
    print(report)


if __name__ == "__main__":
    main()
