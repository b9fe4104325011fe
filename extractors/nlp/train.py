"""Train the PERSON/ORG recognizer and write the pipeline to ``model/``.

    python -m yigcha.extractors.nlp.train [--corpus /work/shared/corpus] [--no-save]

Deterministic: fixed seeds, one thread, the same generated data on every run. Prints P/R/F on a
held-out generated set (another seed) and on the contact lines of the shared corpus specs.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from yigcha.extractors.nlp import patterns  # noqa: F401  (registers the "yigcha_patterns" factory)
from yigcha.extractors.nlp.pipeline import MODEL_DIR
from yigcha.extractors.nlp.traindata import Sample, generate_samples

TRAIN_SEED, HELDOUT_SEED = 13, 7919
TRAIN_SIZE, HELDOUT_SIZE = 1800, 500
EPOCHS = 6
NER_LABELS = ("PERSON", "ORG")

NER_MODEL = {
    "@architectures": "spacy.TransitionBasedParser.v2",
    "state_type": "ner",
    "extra_state_tokens": False,
    "hidden_width": 64,
    "maxout_pieces": 2,
    "use_upper": True,
    "nO": None,
    "tok2vec": {
        "@architectures": "spacy.HashEmbedCNN.v2",
        "pretrained_vectors": None,
        "width": 64,
        "depth": 3,
        "embed_size": 3000,
        "window_size": 1,
        "maxout_pieces": 3,
        "subword_features": True,
    },
}


def build_pipeline() -> Language:
    """A blank ``zh`` pipeline (one token per character) with the NER and the rule component."""
    nlp = spacy.blank("zh")
    ner = nlp.add_pipe("ner", config={"model": NER_MODEL})
    for label in NER_LABELS:
        ner.add_label(label)
    nlp.add_pipe("yigcha_patterns", after="ner")
    return nlp


def _examples(nlp: Language, samples: Sequence[Sample]) -> list[Example]:
    return [Example.from_dict(nlp.make_doc(s.text), {"entities": list(s.spans)}) for s in samples]


def train(nlp: Language, samples: Sequence[Sample], *, epochs: int = EPOCHS, seed: int = TRAIN_SEED) -> None:
    """Train the NER in place, one thread, fixed order of batches."""
    fix_random_seed(seed)
    rng = random.Random(seed)
    examples = _examples(nlp, samples)
    with nlp.select_pipes(enable=["ner"]):
        optimizer = nlp.initialize(lambda: examples)
        for epoch in range(epochs):
            rng.shuffle(examples)
            losses: dict[str, float] = {}
            for batch in minibatch(examples, size=32):
                nlp.update(batch, drop=0.15, sgd=optimizer, losses=losses)
            print(f"epoch {epoch + 1:2d}  ner loss {losses['ner']:.1f}", flush=True)


def score(nlp: Language, samples: Sequence[Sample], labels: Sequence[str] = NER_LABELS) -> dict[str, tuple]:
    """Exact-span precision, recall and F1 per label and overall."""
    counts = {label: [0, 0, 0] for label in (*labels, "ALL")}  # true positives, predicted, gold
    for doc, sample in zip(nlp.pipe(s.text for s in samples), samples, strict=True):
        predicted = {(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in labels}
        gold = {span for span in sample.spans if span[2] in labels}
        for label in (*labels, "ALL"):
            pick = (lambda s, lab=label: lab in ("ALL", s[2]))
            p, g = {s for s in predicted if pick(s)}, {s for s in gold if pick(s)}
            for i, n in enumerate((len(p & g), len(p), len(g))):
                counts[label][i] += n
    result = {}
    for label, (tp, npred, ngold) in counts.items():
        precision, recall = tp / max(npred, 1), tp / max(ngold, 1)
        result[label] = (precision, recall, 2 * precision * recall / max(precision + recall, 1e-9))
    return result


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict) and "table" in node:
        yield from (" ".join(row) for row in node["table"])  # a table row, read left to right
    elif isinstance(node, dict | list):
        for value in node.values() if isinstance(node, dict) else node:
            yield from _strings(value)


# A contact line opens with 联系人/联系部门, is a bracketed 附注, or carries a phone label.
_CONTACT_LINE = re.compile(r"^[（(]?联系(?:人|部门)|电话|^\d+ ")


def corpus_contact_samples(corpus_dir: Path) -> list[Sample]:
    """Contact lines of the corpus specs with PERSON/ORG gold spans taken from expected/*.json."""
    samples = []
    for spec_path in sorted((corpus_dir / "specs").glob("*.json")):
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        expected = json.loads((corpus_dir / "expected" / spec_path.name).read_text(encoding="utf-8"))
        for document, record in zip(spec["documents"], expected["records"], strict=True):
            wanted = [(n, "PERSON") for c in record["contacts"] for n in c["names"]]
            wanted += [(c["department"], "ORG") for c in record["contacts"] if c["department"]]
            lines = {line for line in _strings(document) if _CONTACT_LINE.search(line)}
            samples.extend(s for line in sorted(lines) if (s := _gold_sample(line, wanted)).spans)
    return samples


def _gold_sample(line: str, wanted: Sequence[tuple[str, str]]) -> Sample:
    spans: list[tuple[int, int, str]] = []
    for text, label in sorted(set(wanted), key=lambda item: -len(item[0])):
        pattern = r"\s*".join(map(re.escape, text))
        for match in re.finditer(pattern, line):
            if all(match.end() <= s or match.start() >= e for s, e, _ in spans):
                spans.append((match.start(), match.end(), label))
    return Sample(text=line, spans=tuple(sorted(spans)))


def _print_scores(title: str, result: dict[str, tuple]) -> None:
    print(title)
    for label, (p, r, f) in result.items():
        print(f"  {label:7s} P {p:.3f}  R {r:.3f}  F {f:.3f}")


def main(argv: Sequence[str] | None = None) -> None:
    """Generate data, train, evaluate, and save the pipeline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus"))
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    nlp = build_pipeline()
    train(nlp, generate_samples(TRAIN_SIZE, seed=TRAIN_SEED))
    print(f"trained in {time.perf_counter() - started:.1f} s")
    _print_scores("held-out generated", score(nlp, generate_samples(HELDOUT_SIZE, seed=HELDOUT_SEED)))
    if (args.corpus / "specs").is_dir():
        corpus = corpus_contact_samples(args.corpus)
        _print_scores(f"corpus contact lines ({len(corpus)})", score(nlp, corpus))
    if not args.no_save:
        shutil.rmtree(MODEL_DIR, ignore_errors=True)
        nlp.to_disk(MODEL_DIR)
        print(f"saved to {MODEL_DIR}")


if __name__ == "__main__":
    main()
