"""The data side of the reranker benchmark: worlds, the held-out split, training sets, evaluation groups.

Kept apart from the models (bench/rerank_models.py) so that everything here runs without torch, and
built on bench/quality_lib.py's functions (query normaliser, truth, naive baseline, tripletforge build)
so both benchmarks judge labels the same way.
"""
import collections
import hashlib
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import quality_lib as quality  # noqa: E402  (bench/quality_lib.py: query_key, Truth, naive_triplets, tripletforge_triplets)

query_key = quality.query_key


def held_out(key, share):
    """A stable split by the normalised query key: the same group is held out on every run and machine,
    and every typed variant of a query ("How do I…?", "  how do i… ") lands on the same side."""
    digest = hashlib.sha256(("rerank-holdout:" + key).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") < share * 2 ** 64


def hash_order(key):
    return hashlib.sha256(("rerank-order:" + key).encode("utf-8")).hexdigest()


def generate(gen, rated, seed, misclick, complaint, boilerplate, extra, cache):
    """A generated world and its truth, cached by every argument that shapes it."""
    tag = "".join(re.sub(r"[^A-Za-z0-9.]+", "", a) for a in extra)
    stem = f"rerank-r{rated}-s{seed}-m{misclick}-c{complaint}-b{boilerplate}{('-' + tag) if tag else ''}"
    db, truth = os.path.join(cache, stem + ".sqlite"), os.path.join(cache, stem + ".truth.jsonl")
    if not (os.path.exists(db) and os.path.exists(truth)):
        # Scratch names of this process: two invocations that need the same world (one per seed or
        # binary, run side by side) each generate it and the second rename wins, rather than one
        # renaming the other's half-written file.
        scratch = f".{os.getpid()}.tmp"
        subprocess.run([gen, "--rated", str(rated), "--seed", str(seed), "--unrated-share", "0",
                        "--misclick-rate", str(misclick), "--complaint-rate", str(complaint),
                        "--boilerplate-rate", str(boilerplate), *extra,
                        "--out", db + scratch, "--truth-out", truth + scratch, "--quiet"], check=True)
        os.replace(truth + scratch, truth)
        os.replace(db + scratch, db)
    return db, truth


def layout(db):
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    connection.close()
    return "interactions" if "interactions" in tables else "threads"


def training_db(db, share):
    """A copy of the log without the held-out groups' rows, so that neither TripletForge's evidence
    (which aggregates over all rows of a passage) nor the naive script ever sees them.

    Threads: a held-out question's user message goes, and with it every assistant message that
    answers it, that message's retrieved chunks and its feedback — deleting the question alone would
    make its answer look like an answer to the question before it."""
    out = db.replace(".sqlite", f".train-h{share}.sqlite")
    if os.path.exists(out):
        return out
    source = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    schema = [sql for (sql,) in source.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL "
                                               "AND name NOT LIKE 'sqlite_%' ORDER BY type DESC, name")]
    source.close()
    scratch = f"{out}.{os.getpid()}.tmp"  # this process's own (see generate)
    if os.path.exists(scratch):
        os.remove(scratch)
    target = sqlite3.connect(scratch)
    for sql in schema:  # tables first ("table" > "index" in ORDER BY type DESC)
        target.execute(sql)
    target.create_function("held_out", 1, lambda q: 1 if q and q.strip() and held_out(query_key(q), share) else 0,
                           deterministic=True)
    target.execute("ATTACH DATABASE ? AS source", (f"file:{db}?mode=ro",))
    if layout(db) == "interactions":
        target.execute("INSERT INTO interactions SELECT * FROM source.interactions WHERE NOT held_out(query) ORDER BY id")
    else:
        target.execute("CREATE TEMP TABLE dropped (thread_id TEXT, sequence_num INTEGER, PRIMARY KEY (thread_id, sequence_num))")
        target.execute(f"INSERT INTO dropped SELECT a.thread_id, a.sequence_num FROM source.messages AS a "
                       f"WHERE a.role = 'assistant' AND held_out({quality.question_sql('a.thread_id', 'a.sequence_num', 'source')})")
        target.execute("INSERT INTO messages SELECT * FROM source.messages AS m WHERE NOT (m.role = 'user' AND held_out(m.text)) "
                       "AND NOT EXISTS (SELECT 1 FROM dropped AS d WHERE d.thread_id = m.thread_id AND d.sequence_num = m.sequence_num) "
                       "ORDER BY m.thread_id, m.sequence_num")
        for table in ("retrieved_chunks", "feedback"):
            target.execute(f"INSERT INTO {table} SELECT * FROM source.{table} AS r WHERE NOT EXISTS (SELECT 1 FROM dropped AS d "
                           f"WHERE d.thread_id = r.thread_id AND d.sequence_num = r.message_sequence_num) ORDER BY rowid")
    target.commit()
    target.execute("DETACH DATABASE source")
    target.close()
    os.replace(scratch, out)
    return out


def _rated_answers(connection, layout):
    """(query, chunks as a list, or None when they are not a JSON array) per rated answer: an
    interactions row with a thumb, or a threads assistant message with at least one positive or
    negative rating (its chunks in rank order, in the interactions layout's shape)."""
    if layout == "interactions":
        for query, chunks in connection.execute(
                "SELECT query, chunks FROM interactions WHERE feedback IN (1, -1) AND query IS NOT NULL"):
            yield query, quality.chunk_list(chunks)
        return
    chunks = connection.cursor()
    rated = connection.execute(f"SELECT DISTINCT thread_id, message_sequence_num, query FROM ({quality.THREADS_RATED}) "
                               "ORDER BY thread_id, message_sequence_num")
    for thread, sequence, query in rated:
        found = chunks.execute("SELECT chunk_id, text, contextualised_text, coalesce(chunk_type, 'leaf') "
                               "FROM retrieved_chunks WHERE thread_id = ? AND message_sequence_num = ? ORDER BY rank",
                               (thread, sequence))
        yield query, [{"doc_id": doc, "text": text, "contextualised_text": ctx, "chunk_type": kind}
                      for doc, text, ctx, kind in found]


def _canonical(chunk):
    """One candidate per leaf chunk: a re-indexed or re-crawled version (doc id `doc-7-v2`,
    `doc-7-2025`) is the same passage, shown once in its original form."""
    doc, index = chunk.get("doc_id"), chunk.get("chunk_index")
    if isinstance(doc, str) and index is not None:
        base = re.sub(r"-(v2|\d{4})$", "", doc)
        return (base, index), doc == base
    return quality.passage_key(chunk["text"]), True


def evaluation_groups(db, truth, share, count, max_candidates):
    """The query groups a model is scored on, each with the leaf chunks the retriever surfaced for it
    in its rated rows, labelled by the generator's truth.

    A group's candidates are the `max_candidates` chunks surfaced in the most of its rows (ties by
    text): what a retriever's top-k would hold. Without the cap a group asked 300 times would rank a
    thousand chunks, nearly all of them random passages surfaced once, and the score would measure
    those rather than the hard cases (relevant chunks against the same document's near misses).

    held_out: the first `count` held-out groups (stable hash order) with both a relevant and an
    irrelevant candidate. repeat: the `count` training groups users asked most often — the queries a
    deployed reranker sees most — under the same condition."""
    rows = collections.defaultdict(lambda: {"n": 0, "texts": collections.Counter(), "cands": {},
                                           "seen": collections.Counter()})
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    for query, chunks in _rated_answers(connection, layout(db)):
        if query is None or not query.strip() or chunks is None:
            continue
        group = rows[query_key(query)]
        group["n"] += 1
        group["texts"][query.strip()] += 1
        for chunk in chunks:
            if not isinstance(chunk, dict) or not isinstance(chunk.get("text"), str):
                continue
            if chunk.get("chunk_type", "leaf") != "leaf":
                continue
            key, original = _canonical(chunk)
            group["seen"][key] += 1
            text = chunk.get("contextualised_text") or chunk["text"]
            if key not in group["cands"] or (original and not group["cands"][key][2]):
                group["cands"][key] = (text, chunk["text"], original)
    connection.close()

    def labelled(key, group):
        query = group["texts"].most_common(1)[0][0]
        top = sorted(group["cands"], key=lambda k: (-group["seen"][k], group["cands"][k][0]))[:max_candidates]
        cands = sorted((group["cands"][k] for k in top), key=lambda c: c[0])
        # The truth is keyed by the normalised query: the generator types one question many ways
        # (case, tabs, "??"), and every spelling of the group shares its relevant passages.
        labels = [1 if truth.is_relevant(key, raw) else 0 for _, raw, _ in cands]
        if 0 < sum(labels) < len(labels):
            return {"key": key, "query": query, "asked": group["n"],
                    "candidates": [text for text, _, _ in cands], "labels": labels}
        return None

    held, repeat = [], []
    for key in sorted(rows, key=hash_order):
        if held_out(key, share) and len(held) < count and (g := labelled(key, rows[key])):
            held.append(g)
    for key in sorted((k for k in rows if not held_out(k, share)), key=lambda k: (-rows[k]["n"], hash_order(k))):
        if len(repeat) >= count:
            break
        if g := labelled(key, rows[key]):
            repeat.append(g)
    return {"held_out": held, "repeat": repeat}


def training_sets(binary, config, train_db):
    """(a) TripletForge's dataset (every split: the benchmark holds out its own groups) and
    (b) the naive script's, both from the training copy of the log."""
    with tempfile.TemporaryDirectory() as workdir:
        ours, manifest = quality.tripletforge_triplets(binary, train_db, workdir, config=config)
    naive = quality.naive_triplets(train_db, layout(train_db))
    return {"tripletforge": sorted(ours), "naive": sorted(naive)}, manifest


def sample_triplets(triplets, n, seed):
    """The same number of examples from each dataset: a seeded uniform sample of its triplets."""
    if len(triplets) <= n:
        return list(triplets)
    return random.Random(seed).sample(list(triplets), n)


def flip_labels(pairs, share, seed):
    """A control, not a dataset: the same pairs with a seeded `share` of their labels flipped, to see
    what a given rate of wrong labels costs the model trained on them."""
    rng = random.Random(f"flip-labels-{seed}")
    flipped = set(rng.sample(range(len(pairs)), round(share * len(pairs))))
    return [(q, p, 1.0 - label) if i in flipped else (q, p, label) for i, (q, p, label) in enumerate(pairs)]


def labeled_pairs(triplets, n, seed):
    """Pointwise labels as a cross-encoder is trained on them: each distinct (query, positive) is 1,
    each distinct (query, negative) is 0; a seeded sample of n of them."""
    pairs = sorted({(q, p, 1.0) for q, p, _ in triplets} | {(q, x, 0.0) for q, _, x in triplets})
    return sample_triplets(pairs, n, seed)
