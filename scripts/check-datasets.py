"""Loads datasets built by tripletforge with Hugging Face `datasets`, as a trainer would.

Usage: check-datasets.py DIR [DIR ...]

For every DIR (one `tripletforge build --out DIR`), reads its manifest.json and asserts that both
`load_dataset("json", data_files=...)` and `load_dataset(DIR)` (which follows the README's
`configs:`) give exactly the manifest's splits and row counts, with the format's columns by name
and in order, and that `provenance.jsonl.gz` loads with one line per row and its votes. Runs offline: nothing is fetched. Exits non-zero on the first mismatch.
"""
import json
import os
import sys
import tempfile

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import datasets  # noqa: E402
from huggingface_hub import DatasetCard  # noqa: E402

COLUMNS = {
    "triplet": lambda k: ["query", "positive", "negative"],
    "n-tuple": lambda k: ["query", "positive"] + [f"negative_{i}" for i in range(1, k + 1)],
    "labeled-pair": lambda k: ["query", "passage", "label"],
    "labeled-list": lambda k: ["query", "docs", "labels"],
    "grouped": lambda k: ["query", "pos", "neg"],
}


def check(directory: str, cache: str) -> str:
    with open(os.path.join(directory, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    output = manifest["settings"]["output"]
    fmt, k = output["format"], output["negatives_per_row"]
    expected_columns = COLUMNS[fmt](k)
    rows = manifest["counts"]["rows"]
    expected = {split: n for split, n in rows.items() if n > 0}
    assert expected, f"{directory}: no rows to load"

    # The card's own configs (load_dataset(DIR) would also guess data/ by convention; check the card).
    card = DatasetCard.load(os.path.join(directory, "README.md"))
    configs = card.data.to_dict().get("configs")
    wanted = [{"config_name": "default",
               "data_files": [{"split": s, "path": f"data/{s}-*.jsonl.gz"} for s in expected]}]
    assert configs == wanted, f"{directory}: card configs {configs} != {wanted}"
    assert card.data.to_dict().get("task_categories") == ["text-ranking"], card.data.to_dict()

    files = {split: os.path.join(directory, "data", f"{split}-*.jsonl.gz") for split in expected}
    loaded = {
        "json": datasets.load_dataset("json", data_files=files, cache_dir=cache),
        "dir": datasets.load_dataset(directory, cache_dir=cache),
    }
    for how, ds in loaded.items():
        got = {split: ds[split].num_rows for split in ds}
        assert got == expected, f"{directory} ({fmt}, {how}): rows {got} != manifest {expected}"
        for split in ds:
            assert ds[split].column_names == expected_columns, (
                f"{directory} ({fmt}, {how}, {split}): columns {ds[split].column_names} != {expected_columns}")
    first = loaded["dir"][next(iter(expected))][0]
    if fmt == "labeled-pair":
        assert first["label"] in (0, 1), first
    if fmt == "labeled-list":
        assert len(first["docs"]) == len(first["labels"]) and set(first["labels"]) <= {0, 1}, first
    if fmt == "grouped":
        assert first["pos"] and first["neg"], first
    # The provenance side file loads too, one line per shard row, votes parallel to the passages.
    provenance = datasets.load_dataset("json", data_files=os.path.join(directory, "provenance.jsonl.gz"),
                                       split="train", cache_dir=cache)
    assert provenance.num_rows == sum(expected.values()), f"{directory}: provenance rows {provenance.num_rows}"
    line = provenance[0]
    assert len(line["votes"]) == len(line["labels"]) and all(passage for passage in line["votes"]), line
    # 1: cited in a thumbs-up; 0: surfaced there without a citation; -1: surfaced in a thumbs-down.
    assert all(vote["signal"] and vote["vote"] in (1, 0, -1) for passage in line["votes"] for vote in passage), line
    assert len(line["relevance"]) == len(line["labels"]) and all(0 <= p <= 1 for p in line["relevance"]), line
    if manifest["layout"] == "threads":
        assert all(vote["records"] for passage in line["votes"] for vote in passage), line
    return f"{fmt} ({manifest['layout']}): {expected} rows, columns {expected_columns}, provenance {provenance.num_rows} rows"


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    datasets.disable_progress_bars()
    datasets.logging.set_verbosity_error()
    with tempfile.TemporaryDirectory() as cache:
        for directory in argv[1:]:
            print(f"datasets {datasets.__version__}: {directory}: {check(directory, cache)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
