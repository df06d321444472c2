#!/usr/bin/env python3
"""Fine-tune a cross-encoder reranker on a TripletForge dataset and promote it only if it ranks better.

    python3 pipelines/train-reranker.py --dataset DIR --output DIR [--base-model ID_OR_PATH] [--min-gain G]

Reads the dataset directory `tripletforge build` writes (manifest.json, data/train-*, data/validation-*)
in the format the manifest names, after checking that the manifest describes exactly the shards on disk
(every listed shard present with its sha256 and row count, no unlisted shard). It scores the validation
candidates with the base model, fine-tunes, scores the very same candidates again, and writes
OUTPUT/metrics.json (base, tuned, gain, promoted, the manifest's sha256, every setting) and the tuned
model under OUTPUT/model (loadable with `CrossEncoder(path)`), promoted or not.

Exit codes (the promotion gate):
  0  promoted: NDCG@10 of the tuned model beats the base by at least --min-gain (and by more than 0)
  1  not promoted: the model is kept under OUTPUT/model, metrics.json says "promoted": false
  2  usage error (bad flags)
  3  bad input: no manifest, a manifest that does not describe the shards, malformed rows, no
     validation rows (or no validation query with both a positive and a negative), no training rows
  4  training failed (an unexpected error; never mistaken for "not promoted")
When $GITHUB_STEP_SUMMARY is set a before → after table is appended to it; when $GITHUB_OUTPUT is set
promoted, gain, base_ndcg, tuned_ndcg, manifest_sha256, metrics and model are written to it.

Requirements: pipelines/requirements-train.txt (CPU-only torch); scripts/trainer-venv.sh installs them.
Docs: docs/training.md.
"""
import argparse, gzip, hashlib, json, os, shutil, sys, tempfile, time

EXIT_PROMOTED, EXIT_NOT_PROMOTED, EXIT_USAGE, EXIT_BAD_INPUT, EXIT_FAILED = 0, 1, 2, 3, 4
# The reranker the original app serves, pinned so that "base" means the same weights every run.
DEFAULT_BASE_MODEL = "cross-encoder/ms-marco-MiniLM-L6-v2"
DEFAULT_BASE_REVISION = "233902d25c440f23af6f7d6e94d2946bac0bee0a"
# Each format's columns, as Sources/TripletForge/Output/Formats/ShardFormat.swift writes them.
POINTWISE = ("triplet", "n-tuple", "labeled-pair")
LISTWISE = ("labeled-list", "grouped")


class BadInput(Exception):
    """The dataset cannot be trained on as it is; the message names the file (and row) and the reason."""


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--dataset", required=True, help="dataset directory written by `tripletforge build`")
    p.add_argument("--output", required=True, help="where metrics.json and model/ are written")
    p.add_argument("--base-model", default=DEFAULT_BASE_MODEL, help="Hugging Face model id or local directory")
    p.add_argument("--base-revision", default=None,
                   help=f"hub revision of --base-model (default: {DEFAULT_BASE_REVISION} for the default model)")
    p.add_argument("--min-gain", type=float, default=0.01,
                   help="NDCG@10 the tuned model must gain over the base to be promoted; never below 0, "
                        "so a model that got worse is never promoted")
    # Defaults sized for a small reranker on CPU: one pass over the data, the learning rate and
    # warm-up of the sentence-transformers cross-encoder examples, short inputs (RAG chunks are
    # usually well under 256 tokens, and attention cost grows with the square of the length).
    p.add_argument("--epochs", type=float, default=1.0, help="passes over the training examples")
    p.add_argument("--max-steps", type=int, default=-1, help="stop after this many optimiser steps (-1: all epochs)")
    p.add_argument("--batch-size", type=int, default=16, help="pairs (pointwise) or queries (listwise) per step")
    p.add_argument("--learning-rate", type=float, default=2e-5, help="peak AdamW learning rate")
    p.add_argument("--warmup-ratio", type=float, default=0.1, help="share of the steps with a linear warm-up")
    p.add_argument("--max-length", type=int, default=256, help="tokens of query + passage kept per pair")
    p.add_argument("--pos-weight", type=float, default=None,
                   help="BCE weight of a positive pair (default: negatives / positives of the training set)")
    p.add_argument("--eval-batch-size", type=int, default=64, help="pairs per scoring batch")
    p.add_argument("--seed", type=int, default=12, help="seeds the classification head, shuffling and dropout")
    p.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)), help="CPU threads for torch")
    args = p.parse_args(argv)
    if args.min_gain < 0:
        p.error("--min-gain must be >= 0: a reranker that got worse is never promoted")
    if args.base_revision is None and args.base_model == DEFAULT_BASE_MODEL:
        args.base_revision = DEFAULT_BASE_REVISION
    return args


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_manifest(dataset):
    """The manifest and its sha256 (the dataset's identity in metrics.json and the workflow's state)."""
    path = os.path.join(dataset, "manifest.json")
    if not os.path.isfile(path):
        raise BadInput(f"{path}: missing; is '{dataset}' a directory written by `tripletforge build`?")
    try:
        with open(path, "rb") as f:
            manifest = json.loads(f.read())
        fmt = manifest["settings"]["output"]["format"]
        shards = manifest["shards"]
    except (ValueError, KeyError, TypeError) as error:
        raise BadInput(f"{path}: not a TripletForge manifest ({error!r})") from None
    if fmt not in POINTWISE + LISTWISE:
        raise BadInput(f"{path}: unknown format '{fmt}' (known: {', '.join(POINTWISE + LISTWISE)})")
    if not isinstance(shards, list):
        raise BadInput(f"{path}: 'shards' is not a list")
    return manifest, sha256_of(path)


def verify_shards(dataset, manifest):
    """Every listed shard exists with its sha256; no shard on disk is missing from the manifest."""
    listed = set()
    for shard in manifest["shards"]:
        if not isinstance(shard, dict) or not isinstance(shard.get("path"), str):
            raise BadInput(f"manifest.json: a shard entry without a path: {shard!r}")
        rel, split = shard["path"], shard.get("split")
        if os.path.isabs(rel) or ".." in rel.split("/") or not rel.startswith("data/"):
            raise BadInput(f"manifest.json: shard path '{rel}' is not inside data/")
        if split not in ("train", "validation"):
            raise BadInput(f"manifest.json: shard {rel} has split '{split}'")
        full = os.path.join(dataset, rel)
        if not os.path.isfile(full):
            raise BadInput(f"{rel}: listed in manifest.json but missing")
        if sha256_of(full) != shard.get("sha256"):
            raise BadInput(f"{rel}: sha256 differs from manifest.json (changed after the build?)")
        listed.add(rel)
    data = os.path.join(dataset, "data")
    on_disk = {f"data/{n}" for n in os.listdir(data) if n.endswith(".jsonl.gz")} if os.path.isdir(data) else set()
    unlisted = sorted(on_disk - listed)
    if unlisted:
        raise BadInput(f"{unlisted[0]}: a shard manifest.json does not list (mixed datasets?)")


def _text(value, where, column):
    if not isinstance(value, str) or not value:
        raise BadInput(f"{where}: column '{column}' must be a non-empty string")
    return value


def _texts(value, where, column):
    if not isinstance(value, list):
        raise BadInput(f"{where}: column '{column}' must be a list of strings")
    return [_text(v, where, column) for v in value]


def _label(value, where, column):
    """A label: 1/0, or a soft label (`--soft-labels`: the passage's relevance, 0 to 1)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise BadInput(f"{where}: '{column}' must hold 1/0 or relevances from 0 to 1")
    return float(value)


def _labels(value, count, where, column):
    if not isinstance(value, list) or len(value) != count:
        raise BadInput(f"{where}: '{column}' must hold one label per passage")
    return [_label(v, where, column) for v in value]


def labelled_passages(fmt, row, where):
    """(query, [(passage, label), …]) of one row, whatever the format's shape: the label is 1.0 for
    a positive and 0.0 for a negative, or the passage's relevance when the dataset has soft labels
    (a positive's is at least the miner's confidence, so ≥ 0.5 is a positive)."""
    if not isinstance(row, dict):
        raise BadInput(f"{where}: a row must be a JSON object")
    query = _text(row.get("query"), where, "query")
    if fmt == "triplet":
        return query, [(_text(row.get("positive"), where, "positive"), 1.0),
                       (_text(row.get("negative"), where, "negative"), 0.0)]
    if fmt == "n-tuple":
        negatives = [k for k in row if k.startswith("negative_")]
        if not negatives:
            raise BadInput(f"{where}: an n-tuple row needs negative_1…negative_k")
        return query, [(_text(row.get("positive"), where, "positive"), 1.0)] + \
            [(_text(row[k], where, k), 0.0) for k in negatives]
    if fmt == "labeled-pair":
        return query, [(_text(row.get("passage"), where, "passage"), _label(row.get("label"), where, "label"))]
    if fmt == "labeled-list":
        docs = _texts(row.get("docs"), where, "docs")
        return query, list(zip(docs, _labels(row.get("labels"), len(docs), where, "labels")))
    pos, neg = _texts(row.get("pos"), where, "pos"), _texts(row.get("neg"), where, "neg")
    pos_scores = _labels(row["pos_scores"], len(pos), where, "pos_scores") if "pos_scores" in row else [1.0] * len(pos)
    neg_scores = _labels(row["neg_scores"], len(neg), where, "neg_scores") if "neg_scores" in row else [0.0] * len(neg)
    return query, list(zip(pos, pos_scores)) + list(zip(neg, neg_scores))


def read_groups(dataset, manifest):
    """Per split, query → {"pos": {passage: label}, "neg": {…}} (dicts as ordered sets: a positive
    repeated across triplet rows counts once). Counts what it merges so nothing vanishes unseen."""
    fmt = manifest["settings"]["output"]["format"]
    groups = {"train": {}, "validation": {}}
    counts = {"rows": {"train": 0, "validation": 0}, "conflicting_labels": 0}
    for shard in sorted(manifest["shards"], key=lambda s: s["path"]):
        split, rel, rows = shard["split"], shard["path"], 0
        try:
            with gzip.open(os.path.join(dataset, rel), "rt", encoding="utf-8") as f:
                for rows, line in enumerate(f, start=1):
                    where = f"{rel}:{rows}"
                    try:
                        row = json.loads(line)
                    except ValueError as error:
                        raise BadInput(f"{where}: not JSON ({error})") from None
                    query, passages = labelled_passages(fmt, row, where)
                    group = groups[split].setdefault(query, {"pos": {}, "neg": {}})
                    for passage, label in passages:
                        group["pos" if label >= 0.5 else "neg"][passage] = label
        except (OSError, EOFError, UnicodeDecodeError) as error:
            raise BadInput(f"{rel}: not readable as gzipped UTF-8 JSON lines ({error})") from None
        if rows != shard.get("rows"):
            raise BadInput(f"{rel}: {rows} rows, manifest.json says {shard.get('rows')}")
        counts["rows"][split] += rows
    for split_groups in groups.values():
        for group in split_groups.values():
            # A passage a group both rated up and down is no evidence either way: it is left out of
            # the negatives (so it never trains nor scores as irrelevant) and counted.
            for passage in [p for p in group["neg"] if p in group["pos"]]:
                del group["neg"][passage]
                counts["conflicting_labels"] += 1
    return fmt, groups, counts


def evaluation_samples(groups):
    """One sample per validation query that has a positive and a negative (otherwise every ranking
    scores the same and would only dilute the gain); sorted, so both models see the same order."""
    samples, skipped = [], 0
    for query in sorted(groups):
        pos, neg = list(groups[query]["pos"]), list(groups[query]["neg"])
        if pos and neg:
            samples.append({"query": query, "positive": pos, "negative": neg})
        else:
            skipped += 1
    return samples, skipped


def balanced_pos_weight(labels):
    """Negatives per positive: the BCE weight of a positive that balances the several hard negatives
    each positive comes with (1 when either side is missing). bench/rerank_models.py trains with it too."""
    positives = sum(1 for label in labels if label >= 0.5)
    negatives = len(labels) - positives
    return round(negatives / positives, 4) if positives and negatives else 1.0


def training_set(fmt, groups, args):
    """The training examples and the loss for the format (see the comment in the body for why)."""
    import torch
    from datasets import Dataset
    from sentence_transformers.cross_encoder import losses
    queries = sorted(groups)
    if fmt in LISTWISE:
        # Listwise formats keep a query's candidates together: LambdaLoss (NDCGLoss2++ weighting)
        # optimises NDCG over each list directly, which is the metric the gate promotes on.
        rows = {"query": [], "docs": [], "labels": []}
        for q in queries:
            pos, neg = list(groups[q]["pos"]), list(groups[q]["neg"])
            if pos and neg:  # a list without both labels carries no ranking signal
                rows["query"].append(q); rows["docs"].append(pos + neg)
                rows["labels"].append([groups[q]["pos"][p] for p in pos] + [groups[q]["neg"][n] for n in neg])
        return Dataset.from_dict(rows), "LambdaLoss", lambda model: losses.LambdaLoss(model, mini_batch_size=args.batch_size)
    # Pointwise formats become de-duplicated labelled pairs with binary cross-entropy. Not
    # MultipleNegativesRankingLoss: TripletForge repeats a positive once per mined negative, and
    # in-batch negatives would then score a query's own positive (or a near-identical query's) as
    # irrelevant. BCE uses only the labels the miner decided, so label precision is what it learns;
    # the positive weight balances the several negatives each positive comes with. With soft labels
    # the target is the passage's relevance, so a doubtful label pulls less than a sure one.
    rows = {"query": [], "passage": [], "label": []}
    for q in queries:
        for kind in ("pos", "neg"):
            for passage, label in groups[q][kind].items():
                rows["query"].append(q); rows["passage"].append(passage); rows["label"].append(label)
    if args.pos_weight is None:
        args.pos_weight = balanced_pos_weight(rows["label"])
    weight = torch.tensor(args.pos_weight)
    return Dataset.from_dict(rows), "BinaryCrossEntropyLoss", lambda model: losses.BinaryCrossEntropyLoss(model, pos_weight=weight)


def evaluate(model, samples, args):
    from sentence_transformers.cross_encoder.evaluation import CrossEncoderRerankingEvaluator
    evaluator = CrossEncoderRerankingEvaluator(samples, at_k=10, name="validation",
                                               batch_size=args.eval_batch_size, write_csv=False)
    result = evaluator(model)
    return {k: round(float(result[f"validation_{k}"]), 6) for k in ("ndcg@10", "mrr@10", "map")}


def load_base(args):
    from sentence_transformers import CrossEncoder
    local = os.path.isdir(args.base_model)
    # num_labels=1: one relevance logit. A base without a reranking head (a plain encoder) gets a
    # fresh one, seeded by --seed; the base evaluation then measures that untrained head.
    return CrossEncoder(args.base_model, num_labels=1, max_length=args.max_length,
                        revision=None if local else args.base_revision, local_files_only=local)


def train(model, dataset, make_loss, args, scratch):
    from sentence_transformers.cross_encoder import CrossEncoderTrainer, CrossEncoderTrainingArguments
    training_args = CrossEncoderTrainingArguments(
        output_dir=scratch, num_train_epochs=args.epochs, max_steps=args.max_steps,
        per_device_train_batch_size=args.batch_size, learning_rate=args.learning_rate,
        warmup_steps=args.warmup_ratio, seed=args.seed, data_seed=args.seed,
        save_strategy="no", eval_strategy="no", report_to="none", logging_steps=10,
        dataloader_num_workers=0, dataloader_pin_memory=False, disable_tqdm=True)
    CrossEncoderTrainer(model=model, args=training_args, train_dataset=dataset, loss=make_loss(model)).train()


def versions():
    import sentence_transformers, torch, transformers
    return {"python": sys.version.split()[0], "torch": torch.__version__,
            "sentence_transformers": sentence_transformers.__version__, "transformers": transformers.__version__}


def write_json_atomically(path, value):
    with tempfile.NamedTemporaryFile("w", dir=os.path.dirname(path), delete=False, suffix=".tmp") as f:
        json.dump(value, f, indent=2, sort_keys=True)
        f.write("\n")
    os.chmod(f.name, 0o644)
    os.replace(f.name, path)


def report(metrics, model_dir, metrics_path):
    """Markdown for $GITHUB_STEP_SUMMARY, key=value lines for $GITHUB_OUTPUT, one line on stderr."""
    base, tuned = metrics["base"], metrics["tuned"]
    verdict = "promoted" if metrics["promoted"] else "NOT promoted"
    line = f"reranker {verdict}: NDCG@10 {base['ndcg@10']:.4f} → {tuned['ndcg@10']:.4f} " \
           f"(gain {metrics['gain']:+.4f}, needed ≥ {metrics['min_gain']:.4f} and > 0)"
    print(line, file=sys.stderr)
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        table = [f"### Reranker {verdict}", "", "| metric | base | tuned | change |", "|---|---:|---:|---:|"]
        table += [f"| {k} | {base[k]:.4f} | {tuned[k]:.4f} | {tuned[k] - base[k]:+.4f} |" for k in ("ndcg@10", "mrr@10", "map")]
        v = metrics["validation"]
        table += ["", f"{line}. Base `{metrics['settings']['base_model']}`; {v['queries']} validation queries, "
                  f"{v['candidates']} candidates; loss {metrics['training']['loss']} on "
                  f"{metrics['training']['examples']} examples; dataset manifest sha256 `{metrics['dataset']['manifest_sha256']}`.", ""]
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as f:
            f.write("\n".join(table) + "\n")
    if os.environ.get("GITHUB_OUTPUT"):
        outputs = {"promoted": str(metrics["promoted"]).lower(), "gain": f"{metrics['gain']:.6f}",
                   "base_ndcg": f"{base['ndcg@10']:.6f}", "tuned_ndcg": f"{tuned['ndcg@10']:.6f}",
                   "manifest_sha256": metrics["dataset"]["manifest_sha256"], "metrics": metrics_path, "model": model_dir}
        with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as f:
            f.writelines(f"{k}={v}\n" for k, v in outputs.items())


def run(args):
    started = time.monotonic()
    # Bad input is found before the slow imports and before anything is written.
    manifest, manifest_sha = load_manifest(args.dataset)
    verify_shards(args.dataset, manifest)
    fmt, groups, counts = read_groups(args.dataset, manifest)
    samples, skipped = evaluation_samples(groups["validation"])
    if not counts["rows"]["validation"]:
        raise BadInput("no validation rows: raise [split] validation_fraction (tripletforge init writes the setting)")
    if not samples:
        raise BadInput(f"no validation query has both a positive and a negative ({skipped} queries checked)")
    if not counts["rows"]["train"]:
        raise BadInput("no training rows")

    os.makedirs(args.output, exist_ok=True)
    metrics_path, model_dir = os.path.join(args.output, "metrics.json"), os.path.join(args.output, "model")
    if os.path.exists(metrics_path):
        os.remove(metrics_path)  # a stale verdict must not outlive a failed run

    import torch, transformers
    torch.set_num_threads(args.threads)
    transformers.set_seed(args.seed)
    model = load_base(args)
    base = evaluate(model, samples, args)
    dataset, loss_name, make_loss = training_set(fmt, groups["train"], args)
    if len(dataset) == 0:
        raise BadInput("no training query has both a positive and a negative")
    with tempfile.TemporaryDirectory(dir=args.output, prefix=".train-") as scratch:
        train(model, dataset, make_loss, args, scratch)
        tuned = evaluate(model, samples, args)
        staged = os.path.join(scratch, "model")
        model.save_pretrained(staged)
        shutil.rmtree(model_dir, ignore_errors=True)
        os.replace(staged, model_dir)

    gain = round(tuned["ndcg@10"] - base["ndcg@10"], 6)
    metrics = {
        "base": base, "tuned": tuned, "gain": gain, "min_gain": args.min_gain,
        "promoted": gain > 0 and gain >= args.min_gain,
        "dataset": {"path": os.path.abspath(args.dataset), "manifest_sha256": manifest_sha, "format": fmt,
                    "rows": counts["rows"], "conflicting_labels_dropped": counts["conflicting_labels"],
                    "soft_labels": bool(manifest["settings"]["output"].get("soft_labels", False))},
        "validation": {"queries": len(samples), "queries_without_both_labels": skipped,
                       "candidates": sum(len(s["positive"]) + len(s["negative"]) for s in samples)},
        "training": {"loss": loss_name, "examples": len(dataset)},
        "settings": {k: v for k, v in sorted(vars(args).items()) if k not in ("dataset", "output")},
        "versions": versions(),
    }
    write_json_atomically(metrics_path, metrics)  # last: its presence means the run completed
    report(metrics, model_dir, metrics_path)
    print(f"train-reranker: done in {time.monotonic() - started:.0f}s", file=sys.stderr)
    return EXIT_PROMOTED if metrics["promoted"] else EXIT_NOT_PROMOTED


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return run(args)
    except BadInput as error:
        print(f"train-reranker: bad input: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception:  # noqa: BLE001 - anything else is a failed run, never a silent "not promoted"
        import traceback
        traceback.print_exc()
        print("train-reranker: training failed (exit 4)", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
