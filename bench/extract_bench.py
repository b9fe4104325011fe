#!/usr/bin/env python3
"""Benchmark `yigcha extract`: speed, memory, scores and confidence calibration per input variant.

For each variant, ONE `yigcha extract <every file of the variant> --out DIR` child process is run and
timed; its peak RSS comes from `os.wait4` (that child and whatever it waited for), taken by a
small launcher process so that this script's own memory doesn't count. Its outputs are copied
to `<id>.<variant>.json` and scored with the shared scorer (/work/shared/eval/score.py, imported by
path), and the exact-match fields are checked per confidence bucket of `meta[field].confidence`.

    /work/venv/bin/python bench/extract_bench.py                       # shared corpus, every variant
    /work/venv/bin/python bench/extract_bench.py --holdout             # hold-out set (bench/out/holdout)
    /work/venv/bin/python bench/extract_bench.py --variants pdf,scan --ids n001,n055

Variants: pdf (<id>.pdf), scan (<id>.scan.pdf), tiff (<id>.tiff), photo (<id>.photo.pdf | <id>.photo.jpg),
rotated (<id>.rotated.pdf, made from the scan by tests/utils/rotated.py into bench/out/rotated/, or
bench/out/rotated-holdout/ with --holdout, when missing). The hold-out files come from
bench/render_holdout.sh. Results go to bench/out/extract/<set>/<variant>/ and bench/out/extract_bench.json
(one entry per set; variants from separate runs over the same ids accumulate). A benchmark, not a test:
it never fails on low scores.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
SHARED = REPO.parent / "shared"  # as in CI: shared/ beside the checkout
SETS = {  # name → (folder of input files, folder of expected records, folder for rotated scans)
    "corpus": (SHARED / "corpus" / "files", SHARED / "corpus" / "expected", OUT / "rotated"),
    "holdout": (OUT / "holdout", BENCH / "holdout" / "expected", OUT / "rotated-holdout"),
}
VARIANT_SUFFIXES = {  # variant → file name suffixes after "<id>", first existing wins
    "pdf": (".pdf",),
    "scan": (".scan.pdf",),
    "tiff": (".tiff",),
    "photo": (".photo.pdf", ".photo.jpg"),
    "rotated": (".rotated.pdf",),
}
EXACT = ("doc_number", "title", "doc_type", "recipients", "issue_date", "issuers")
BUCKETS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.0))


def load_module(name: str, path: Path) -> ModuleType:
    """Import a module from a file path (the scorer and the rotated-scan generator live outside packages)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


scorer = load_module("yigcha_bench_score", SHARED / "eval" / "score.py")


# ---------------------------------------------------------------- inputs

def expected_ids(expected_dir: Path, ids: set[str] | None) -> list[str]:
    found = sorted(p.stem for p in expected_dir.glob("*.json"))
    return [i for i in found if not ids or i in ids]


def ensure_rotated(files_dir: Path, rotated_dir: Path, doc_ids: list[str]) -> None:
    """Make `<id>.rotated.pdf` from `<id>.scan.pdf` for any id that lacks one."""
    rotated = None
    for doc_id in doc_ids:
        dst, src = rotated_dir / f"{doc_id}.rotated.pdf", files_dir / f"{doc_id}.scan.pdf"
        if dst.exists() or not src.exists():
            continue
        rotated = rotated or load_module("yigcha_bench_rotated", REPO / "tests" / "utils" / "rotated.py")
        turns = rotated.make_rotated_scan(src, dst)
        print(f"  made {dst.relative_to(REPO)} (turns {turns})", file=sys.stderr)


def variant_files(variant: str, folder: Path, doc_ids: list[str]) -> dict[str, Path]:
    """id → input file of this variant, for the ids that have one."""
    files = {}
    for doc_id in doc_ids:
        for suffix in VARIANT_SUFFIXES[variant]:
            path = folder / f"{doc_id}{suffix}"
            if path.exists():
                files[doc_id] = path
                break
    return files


# ---------------------------------------------------------------- one run

# A parent's RSS leaks into its child's ru_maxrss: Linux keeps the pre-exec high-water mark across exec, and
# subprocess uses vfork, so a direct child "peaks" at least at this (bigger) process. A tiny launcher
# process starts yigcha instead and reports wait4's ru_maxrss for it (which covers the processes yigcha
# itself waited for, e.g. tesseract): the launcher's own ~10 MB can't raise that maximum.
_LAUNCHER = """
import os, subprocess, sys
p = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(p.pid, 0)
open(sys.argv[1], "w").write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_extract(yigcha: str, files: list[Path], out_dir: Path, timeout: float | None) -> dict:
    """Run one `yigcha extract` child over `files`; wall time, exit code and its peak RSS (MB)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rss_file = out_dir / "_maxrss_kib"
    cmd = [sys.executable, "-c", _LAUNCHER, str(rss_file), yigcha, "extract", *map(str, files), "--out", str(out_dir)]
    with open(out_dir / "_stdout.log", "wb") as so, open(out_dir / "_stderr.log", "wb") as se:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=so, stderr=se, cwd=REPO, start_new_session=True)
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the launcher's session: yigcha and its helpers too
            proc.wait()
            timed_out = True
        wall = time.perf_counter() - t0
    try:
        maxrss_kib, cpu_s = rss_file.read_text().split()
        rss_mb, cpu_s = round(int(maxrss_kib) / 1024, 1), round(float(cpu_s), 2)  # Linux: ru_maxrss in KiB
    except (OSError, ValueError):
        rss_mb = cpu_s = None
    # CPU seconds (user + system) say what a page costs even when other work shares the two cores.
    return {"wall_s": round(wall, 2), "cpu_s": cpu_s, "exit_code": proc.returncode, "timed_out": timed_out,
            "peak_rss_mb": rss_mb}


def collect_outputs(variant: str, files: dict[str, Path], raw_dir: Path, pred_dir: Path) -> tuple[int, list[str]]:
    """Copy `<file>.json` to `<id>.<variant>.json` (a `{"records": []}` stand-in when missing, so a
    failed file scores zero instead of vanishing from the scorer's view); total pages, missing files."""
    if pred_dir.exists():
        shutil.rmtree(pred_dir)
    pred_dir.mkdir(parents=True)
    pages, missing = 0, []
    for doc_id, path in files.items():
        out = raw_dir / f"{path.name}.json"
        dst = pred_dir / f"{doc_id}.{variant}.json"
        try:
            data = json.loads(out.read_text(encoding="utf-8"))
            pages += int(data.get("pages") or 0)
            shutil.copyfile(out, dst)
        except (OSError, ValueError):
            missing.append(path.name)
            dst.write_text('{"records": []}\n', encoding="utf-8")
    return pages, missing


# ---------------------------------------------------------------- calibration

def exact_key(field: str, record: dict):
    """The scorer's normalised value of an exact-match field (issuers: the multiset of normalised names)."""
    if field == "issuers":
        return Counter(scorer.SET_FIELDS["issuers"](record))
    return scorer.EXACT_FIELDS[field](record)


def bucket_of(confidence: float) -> int:
    """Index into BUCKETS; each bucket holds [lo, hi), the last one also 1.0 (and anything above)."""
    for i, (_, hi) in enumerate(BUCKETS):
        if confidence < hi:
            return i
    return len(BUCKETS) - 1


def calibration(expected_dir: Path, pred_dir: Path) -> dict:
    """Per confidence bucket: how many exact-match field values, and how many were right.

    Records are paired as score.py's align() pairs them; fields without `meta[field].confidence`
    (or expected records with no prediction) are counted under `no_confidence`.
    """
    counts = [[0, 0] for _ in BUCKETS]  # [n, right]
    per_field = {f: [[0, 0] for _ in BUCKETS] for f in EXACT}
    no_conf = [0, 0]
    for pred_file in sorted(pred_dir.glob("*.json")):
        doc_id = pred_file.name.split(".")[0]
        expected = json.loads((expected_dir / f"{doc_id}.json").read_text(encoding="utf-8"))["records"]
        try:
            predicted = json.loads(pred_file.read_text(encoding="utf-8")).get("records") or []
        except ValueError:
            predicted = []
        pairs, _ = scorer.align(expected, predicted)
        for e, p in pairs:
            for field in EXACT:
                right = exact_key(field, e) == exact_key(field, p)
                conf = ((p.get("meta") or {}).get(field) or {}).get("confidence")
                if not isinstance(conf, (int, float)):
                    no_conf[0] += 1
                    no_conf[1] += right
                    continue
                b = bucket_of(float(conf))
                for tally in (counts[b], per_field[field][b]):
                    tally[0] += 1
                    tally[1] += right

    def rows(tallies):
        return [{"bucket": f"{lo:.1f}-{hi:.1f}", "n": n, "right": r, "accuracy": round(r / n, 3) if n else None}
                for (lo, hi), (n, r) in zip(BUCKETS, tallies)]

    return {"buckets": rows(counts), "per_field": {f: rows(t) for f, t in per_field.items()},
            "no_confidence": {"n": no_conf[0], "right": no_conf[1]}}


# ---------------------------------------------------------------- driver

def bench_variant(variant: str, set_name: str, doc_ids: list[str], args) -> dict | None:
    files_dir, expected_dir, rotated_dir = SETS[set_name]
    folder = rotated_dir if variant == "rotated" else files_dir
    if variant == "rotated":
        ensure_rotated(files_dir, rotated_dir, doc_ids)
    files = variant_files(variant, folder, doc_ids)
    if not files:
        print(f"  {variant}: no input files in {folder}", file=sys.stderr)
        return None
    work = OUT / "extract" / set_name / variant
    raw, pred = work / "raw", work / "pred"
    if raw.exists():
        shutil.rmtree(raw)
    print(f"  {variant}: {len(files)} file(s) → yigcha extract ...", file=sys.stderr, flush=True)
    run = run_extract(args.yigcha, list(files.values()), raw, args.timeout)
    pages, missing = collect_outputs(variant, files, raw, pred)
    result = scorer.score(expected_dir, pred)
    return {
        "files": len(files), "pages": pages, **run, "missing_outputs": missing,
        "s_per_page": round(run["wall_s"] / pages, 3) if pages else None,
        "pages_per_s": round(pages / run["wall_s"], 3) if pages and run["wall_s"] else None,
        "cpu_s_per_page": round(run["cpu_s"] / pages, 3) if pages and run["cpu_s"] is not None else None,
        "macro_field_score": result["macro_field_score"], "fields": result["fields"],
        "perfect_documents": result["perfect_documents"], "extra_records": result["extra_records"],
        "per_document": result["per_document"], "calibration": calibration(expected_dir, pred),
    }


def fmt(v, spec=".3f"):
    return "-" if v is None else format(v, spec)


def print_tables(set_name: str, results: dict[str, dict]) -> None:
    names = list(results)
    w = max(8, *(len(n) + 1 for n in names))
    head = lambda label: print(f"{label:22s}" + "".join(f"{n:>{w}s}" for n in names))
    row = lambda label, vals: print(f"{label:22s}" + "".join(f"{v:>{w}s}" for v in vals))
    print(f"\n== {set_name} ==")
    head("variant")
    for key, label, spec in (("files", "files", "d"), ("pages", "pages", "d"), ("wall_s", "wall s", ".1f"),
                             ("s_per_page", "s/page", ".2f"), ("cpu_s_per_page", "CPU s/page", ".2f"),
                             ("pages_per_s", "pages/s", ".2f"),
                             ("peak_rss_mb", "peak RSS MB", ".0f"), ("exit_code", "exit code", "d")):
        row(label, [fmt(results[n][key], spec) for n in names])
    row("missing outputs", [str(len(results[n]["missing_outputs"])) for n in names])
    row("extra records", [str(results[n]["extra_records"]) for n in names])
    row("perfect docs", [str(results[n]["perfect_documents"]) for n in names])
    row("MACRO", [fmt(results[n]["macro_field_score"]) for n in names])
    for field in results[names[0]]["fields"]:
        row(f"  {field}", [fmt(results[n]["fields"].get(field)) for n in names])
    print("\ncalibration (exact fields: " + ", ".join(EXACT) + "): n/accuracy per confidence bucket")
    print(f"{'bucket':22s}" + "".join(f"{n:>{w + 3}s}" for n in [*names, "all"]))
    for i, (lo, hi) in enumerate(BUCKETS):
        tallies = [(b["n"], b["right"]) for b in (results[n]["calibration"]["buckets"][i] for n in names)]
        tallies.append((sum(t[0] for t in tallies), sum(t[1] for t in tallies)))
        cells = [f"{n}/{fmt(r / n if n else None, '.2f')}" for n, r in tallies]
        print(f"{f'  {lo:.1f}-{hi:.1f}':22s}" + "".join(f"{c:>{w + 3}s}" for c in cells))
    no_conf = [tuple(results[n]["calibration"]["no_confidence"].values()) for n in names]  # (n, right)
    no_conf.append((sum(t[0] for t in no_conf), sum(t[1] for t in no_conf)))
    print(f"{'  no confidence':22s}"  # a field missing from the record (often a miss) has no meta
          + "".join(f"{f'{n}/' + fmt(r / n if n else None, '.2f'):>{w + 3}s}" for n, r in no_conf))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default=",".join(VARIANT_SUFFIXES),
                        help=f"comma-separated, from {','.join(VARIANT_SUFFIXES)} (default: all)")
    parser.add_argument("--holdout", action="store_true", help="run the hold-out set instead of the shared corpus")
    parser.add_argument("--ids", help="comma-separated notice ids (default: every id with an expected file)")
    parser.add_argument("--yigcha", default=str(Path(sys.executable).with_name("yigcha")),
                        help="the yigcha console script (default: next to this Python)")
    parser.add_argument("--timeout", type=float, help="seconds per variant run before the child is killed")
    args = parser.parse_args(argv)
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [v for v in variants if v not in VARIANT_SUFFIXES]
    if unknown:
        parser.error(f"unknown variant(s): {', '.join(unknown)}")
    if not Path(args.yigcha).exists() and not shutil.which(args.yigcha):
        parser.error(f"{args.yigcha} not found (pass --yigcha)")
    set_name = "holdout" if args.holdout else "corpus"
    files_dir, expected_dir, _ = SETS[set_name]
    if not files_dir.exists():
        parser.error(f"{files_dir} is missing" + (" (run bench/render_holdout.sh)" if args.holdout else ""))
    doc_ids = expected_ids(expected_dir, set(args.ids.split(",")) if args.ids else None)
    print(f"{set_name}: {len(doc_ids)} notice(s), variants {','.join(variants)}", file=sys.stderr)

    results = {}
    for variant in variants:
        result = bench_variant(variant, set_name, doc_ids, args)
        if result is not None:
            results[variant] = result
    if not results:
        print("nothing to run", file=sys.stderr)
        return 1
    print_tables(set_name, results)

    summary_path = OUT / "extract_bench.json"
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        summary = {}
    entry = summary.get(set_name) or {}
    if entry.get("ids") != doc_ids:  # another selection of notices: earlier variant results don't compare
        entry = {}
    entry.update(ids=doc_ids, yigcha=args.yigcha, finished=time.strftime("%Y-%m-%dT%H:%M:%S"))
    entry["variants"] = {**(entry.get("variants") or {}), **results}  # variants run separately accumulate
    summary[set_name] = entry
    summary_path.parent.mkdir(parents=True, exist_ok=True)
    summary_path.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {summary_path.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
