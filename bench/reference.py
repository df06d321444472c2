#!/usr/bin/env python3
"""The same job as `tripletforge build`, written plainly in Python: the benchmark's reference point.

This is deliberately *not* optimised. It is the script a competent engineer would write in an
afternoon — sqlite3 + json + gzip from the standard library, one pass, dicts of votes — so that
the benchmark can say how much the Swift tool buys over "just writing it in Python". Do not tune
it: a faster reference would make the comparison meaningless.

What it does (the rules of docs/mining-rules.md, simplified):
- reads only rated rows (`WHERE feedback IS NOT NULL`), as any sensible script does;
- skips rows whose rating is not 1/-1, whose query is blank, or whose chunks are not a JSON array
  of objects with "text", counting them;
- counts the same exchange replayed in one session once;
- a thumbs-up votes for the leaf chunks its answer cites as [n] (else its top-ranked leaf); a
  thumbs-down votes against every leaf chunk it surfaced;
- groups queries by a simple normal form (lower case, collapsed whitespace, no trailing
  punctuation) and chunks by their whitespace-collapsed text;
- a chunk is a group's positive (negative) when at least 2/3 of its votes, and a majority of at
  least one, say so;
- pairs each positive with up to 5 negatives (highest reranker score first), at most 50 triplets
  per group, never a positive with an identical negative;
- splits query groups between train and validation by a hash (5 % validation);
- writes gzipped JSON Lines shards of 100k rows: {"query", "positive", "negative"}.

It leaves out what the Swift tool adds (NFKC normalisation, the false-negative score margin,
manifest, dataset card, content index, atomic output): those are small next to the work above.

Usage: bench/reference.py --db interactions.sqlite --out DIR [--level 6]
"""
import argparse
import gzip
import hashlib
import json
import os
import re
import sqlite3
import unicodedata
from collections import defaultdict

CITATION = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
ROWS_PER_SHARD = 100_000
VALIDATION_FRACTION = 0.05
MAX_NEGATIVES_PER_POSITIVE = 5
MAX_TRIPLETS_PER_GROUP = 50
MIN_SHARE = 0.66


def normalise_query(query):
    query = " ".join(query.lower().split())
    while query and unicodedata.category(query[-1]).startswith("P"):
        query = query[:-1].rstrip()
    return query


def chunk_key(text):
    return " ".join(text.split())


def cited_indexes(answer):
    cited = set()
    for match in CITATION.finditer(answer or ""):
        for number in match.group(1).split(","):
            if int(number) >= 1:
                cited.add(int(number) - 1)
    return cited


def label(up, down):
    total = up + down
    if up - down >= 1 and up / total >= MIN_SHARE:
        return "positive"
    if down - up >= 1 and down / total >= MIN_SHARE:
        return "negative"
    return None


def split_of(group_key):
    digest = hashlib.sha1(("tripletforge" + group_key).encode("utf-8")).digest()
    bucket = int.from_bytes(digest[:8], "big") % 1_000_000 / 1_000_000
    return "validation" if bucket < VALIDATION_FRACTION else "train"


def read_votes(db_path):
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    queries = {}  # group key -> the query as first typed
    votes = defaultdict(lambda: [0, 0, -1.0])  # (group, chunk key) -> [up, down, best score]
    texts = {}  # chunk key -> training text
    seen = set()
    stats = defaultdict(int)
    rows = conn.execute(
        "SELECT id, session_id, query, answer, chunks, feedback FROM interactions "
        "WHERE feedback IS NOT NULL ORDER BY id")
    for _id, session, query, answer, chunks_json, feedback in rows:
        stats["rated"] += 1
        if feedback not in (1, -1) or not isinstance(query, str) or not query.strip():
            stats["rejected"] += 1
            continue
        try:
            chunks = json.loads(chunks_json or "[]")
        except ValueError:
            stats["rejected"] += 1
            continue
        if not isinstance(chunks, list) or not all(isinstance(c, dict) and isinstance(c.get("text"), str) for c in chunks):
            stats["rejected"] += 1
            continue
        group = normalise_query(query)
        keys = [chunk_key(c["text"]) for c in chunks]
        replay = hash((session, group, feedback, tuple(keys)))
        if replay in seen:
            stats["duplicate"] += 1
            continue
        seen.add(replay)

        leaves = [i for i, c in enumerate(chunks) if c.get("chunk_type", "leaf") == "leaf"]
        if feedback == 1:
            cited = cited_indexes(answer)
            voting = [i for i in leaves if i in cited] if cited else leaves[:1]
        else:
            voting = leaves
        if not voting:
            continue
        queries.setdefault(group, query)
        for i in voting:
            chunk = chunks[i]
            texts.setdefault(keys[i], chunk.get("contextualised_text") or chunk["text"])
            cell = votes[(group, keys[i])]
            cell[0 if feedback == 1 else 1] += 1
            score = chunk.get("rerank_score")
            if isinstance(score, (int, float)) and score > cell[2]:
                cell[2] = score
    conn.close()
    return queries, votes, texts, stats


def mine(queries, votes, texts):
    by_group = defaultdict(lambda: ([], []))
    for (group, key), (up, down, score) in votes.items():
        kind = label(up, down)
        if kind == "positive":
            by_group[group][0].append((up - down, key))
        elif kind == "negative":
            by_group[group][1].append((score, key))
    triplets = {"train": [], "validation": []}
    seen = set()
    for group in sorted(by_group):
        positives, negatives = by_group[group]
        positives.sort(key=lambda p: (-p[0], p[1]))
        negatives.sort(key=lambda n: (-n[0], n[1]))
        count = 0
        for _, positive in positives:
            per_positive = 0
            for _, negative in negatives:
                if per_positive >= MAX_NEGATIVES_PER_POSITIVE or count >= MAX_TRIPLETS_PER_GROUP:
                    break
                if texts[positive] == texts[negative] or (group, positive, negative) in seen:
                    continue
                seen.add((group, positive, negative))
                triplets[split_of(group)].append((queries[group], texts[positive], texts[negative]))
                per_positive += 1
                count += 1
    return triplets


def write_shards(triplets, out_dir, level):
    os.makedirs(os.path.join(out_dir, "data"), exist_ok=True)
    written = 0
    for split, rows in triplets.items():
        shards = (len(rows) + ROWS_PER_SHARD - 1) // ROWS_PER_SHARD
        for index in range(shards):
            path = os.path.join(out_dir, "data", f"{split}-{index:05d}-of-{shards:05d}.jsonl.gz")
            with gzip.open(path, "wt", encoding="utf-8", compresslevel=level) as f:
                for query, positive, negative in rows[index * ROWS_PER_SHARD:(index + 1) * ROWS_PER_SHARD]:
                    f.write(json.dumps({"query": query, "positive": positive, "negative": negative}, ensure_ascii=False) + "\n")
                    written += 1
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--level", type=int, default=6, help="gzip level (default 6)")
    args = parser.parse_args()
    queries, votes, texts, stats = read_votes(args.db)
    triplets = mine(queries, votes, texts)
    written = write_shards(triplets, args.out, args.level)
    print(json.dumps({"rated": stats["rated"], "rejected": stats["rejected"], "duplicates": stats["duplicate"],
                      "query_groups": len(queries), "triplets": written}))


if __name__ == "__main__":
    main()
