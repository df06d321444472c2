"""The pieces of the label-quality benchmark (bench/quality.py): ground truth, the naive baseline
for both layouts, reading a TripletForge dataset, scoring, and build settings as TOML."""
import gzip
import json
import os
import re
import sqlite3
import subprocess
import tomllib
import unicodedata

WHITESPACE = re.compile(r"\s+")
CITATION = re.compile(r"\[(\d+)\]")


def query_key(text):
    text = unicodedata.normalize("NFKC", text)
    text = unicodedata.normalize("NFKC", text.casefold())
    text = WHITESPACE.sub(" ", text).strip()
    while text and (unicodedata.category(text[-1]).startswith("P") or text[-1].isspace()):
        text = text[:-1]
    return text


def passage_key(text):
    return WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


class Truth:
    """Relevant passages per query group, from the generator's truth file (either layout)."""

    def __init__(self, path):
        self.relevant = {}
        self.memo = {}
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                texts = [passage_key(chunk["text"]) for chunk in record["relevant"]]
                self.relevant.setdefault(query_key(record["query"]), []).extend(texts)

    def is_relevant(self, group, passage):
        """`group` is a query_key; a passage is relevant when it contains a relevant chunk's text
        (a training passage may carry its title path or a boilerplate footer around it)."""
        key = (group, passage)
        if key not in self.memo:
            passage = passage_key(passage)
            self.memo[key] = any(text in passage for text in self.relevant.get(group, []))
        return self.memo[key]


def connect(db_path):
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)


def question_sql(thread, sequence, schema="main"):
    """The question an assistant message answers, as an SQL expression: the user message before it
    in its thread (what TripletForge's MessageLookup reads). `thread` and `sequence` name the
    message's columns in the enclosing query; `schema` the database holding `messages`."""
    return (f"(SELECT q.text FROM {schema}.messages AS q WHERE q.thread_id = {thread} AND q.sequence_num < {sequence} "
            "AND q.role = 'user' ORDER BY q.sequence_num DESC LIMIT 1)")


# The user message before each rated assistant message, and that message's feedback records.
THREADS_RATED = f"""
    SELECT f.thread_id, f.message_sequence_num, f.sentiment, {question_sql("f.thread_id", "f.message_sequence_num")} AS query
    FROM feedback AS f WHERE f.sentiment IN ('positive', 'negative')
    """


def chunk_list(raw):
    """An interactions row's chunks column as a list, or None when it is not a JSON array (the
    benchmarks skip such a row, as TripletForge rejects it)."""
    try:
        chunks = json.loads(raw)
    except (TypeError, ValueError):
        return None
    return chunks if isinstance(chunks, list) else None


def naive_triplets(db_path, layout):
    """The baseline: cited -> positive, surfaced-in-thumbs-down -> negative, all pairs per query."""
    positives, negatives = {}, {}

    def add(query, texts, cited, positive):
        if not query or not query.strip():
            return
        group = query.strip().lower()
        if positive:
            positives.setdefault(group, {"query": query, "texts": set()})["texts"].update(
                texts[i] for i in cited if 0 <= i < len(texts))
        else:
            negatives.setdefault(group, set()).update(texts)

    connection = connect(db_path)
    if layout == "interactions":
        for query, answer, chunks, feedback in connection.execute(
                "SELECT query, answer, chunks, feedback FROM interactions WHERE feedback IN (1, -1)"):
            chunks = chunk_list(chunks)
            if chunks is None:
                continue
            texts = [c.get("contextualised_text") or c.get("text") for c in chunks if isinstance(c, dict) and c.get("text")]
            add(query, texts, {int(n) - 1 for n in CITATION.findall(answer or "")}, feedback == 1)
    else:
        chunks = connection.cursor()
        for thread, sequence, sentiment, query in connection.execute(THREADS_RATED):
            rows = chunks.execute("SELECT coalesce(contextualised_text, text), cited FROM retrieved_chunks "
                                  "WHERE thread_id = ? AND message_sequence_num = ? ORDER BY rank", (thread, sequence)).fetchall()
            texts = [text for text, _ in rows]
            add(query, texts, {i for i, (_, cited) in enumerate(rows) if cited}, sentiment == "positive")
    triplets = set()
    for group, entry in positives.items():
        for positive in entry["texts"]:
            for negative in negatives.get(group, ()):
                triplets.add((entry["query"], positive, negative))
    return triplets


def input_groups(db_path, layout):
    connection = connect(db_path)
    if layout == "interactions":
        queries = connection.execute("SELECT query FROM interactions WHERE feedback IN (1, -1) AND query IS NOT NULL")
    else:
        queries = ((q,) for _, _, _, q in connection.execute(THREADS_RATED) if q is not None)
    return {query_key(q) for (q,) in queries if q.strip()}


def tripletforge_triplets(binary, db_path, workdir, config=None, extra_args=()):
    out = os.path.join(workdir, "dataset")
    command = [binary, "build", "--db", db_path, "--out", out, "--quiet", *extra_args]
    if config:
        command += ["--config", config]
    subprocess.run(command, check=True)
    triplets = set()
    for name in sorted(os.listdir(os.path.join(out, "data"))):
        with gzip.open(os.path.join(out, "data", name), "rt", encoding="utf-8") as shard:
            for line in shard:
                row = json.loads(line)
                triplets.add((row["query"], row["positive"], row["negative"]))
    with open(os.path.join(out, "manifest.json"), encoding="utf-8") as manifest:
        return triplets, json.load(manifest)


def score(triplets, truth, groups):
    positives = {(query_key(q), p) for q, p, _ in triplets}
    negatives = {(query_key(q), n) for q, _, n in triplets}
    right_positive = {pair for pair in positives if truth.is_relevant(*pair)}
    right_negative = {pair for pair in negatives if not truth.is_relevant(*pair)}
    right_triplets = sum(1 for q, p, n in triplets
                         if (query_key(q), p) in right_positive and (query_key(q), n) in right_negative)
    covered = {query_key(q) for q, _, _ in triplets} & groups

    def share(part, whole):
        return part / whole if whole else float("nan")

    return {
        "triplets": len(triplets),
        "positive_precision": share(len(right_positive), len(positives)),
        "negative_precision": share(len(right_negative), len(negatives)),
        "triplet_precision": share(right_triplets, len(triplets)),
        "coverage": share(len(covered), len(groups)),
        "covered": len(covered),
    }


def parse_value(text):
    """A command-line value as TOML would read it: bool, integer, float, JSON list, else string."""
    if text in ("true", "false"):
        return text == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    if text.startswith("["):
        return json.loads(text)
    return text


def toml_config(base_path, extra, workdir):
    """The config file for one build: `base_path` (if any) with `extra` ({"section.key": value})
    merged in; None when there is nothing to set."""
    if not base_path and not extra:
        return None
    settings = {}
    if base_path:
        with open(base_path, "rb") as base:
            settings = tomllib.load(base)
    for dotted, value in extra.items():
        *sections, key = dotted.split(".")
        table = settings
        for section in sections:
            table = table.setdefault(section, {})
        table[key] = parse_value(value) if isinstance(value, str) else value
    path = os.path.join(workdir, "config.toml")
    with open(path, "w", encoding="utf-8") as out:
        out.write(dump_toml(settings))
    return path


def dump_toml(settings, prefix=""):
    scalars = [(k, v) for k, v in settings.items() if not isinstance(v, dict)]
    tables = [(k, v) for k, v in settings.items() if isinstance(v, dict)]
    lines = [f"[{prefix}]"] if prefix and scalars else []
    lines += [f"{k} = {json.dumps(v)}" for k, v in scalars]  # JSON scalars and arrays are valid TOML here
    text = "\n".join(lines) + ("\n" if lines else "")
    for k, v in tables:
        text += dump_toml(v, f"{prefix}.{k}" if prefix else k)
    return text
