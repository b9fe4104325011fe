"""`yigcha extract FILE...`: records from notice files, no server needed."""
from __future__ import annotations

import argparse
import json
import logging
import sys
import warnings
from pathlib import Path

from typing import TYPE_CHECKING

from yigcha.models.document import RECORD_FIELDS
from yigcha.models.errors import ExitCode, YigchaError

if TYPE_CHECKING:
    from yigcha.extractors.pipeline import Extraction

log = logging.getLogger("yigcha")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("extract", help="extract records from notice files (PDF, TIFF, JPEG, PNG)")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--format", choices=("json", "table"), default="json")
    parser.add_argument("--out", type=Path, metavar="DIR", help="write DIR/<file name>.json instead of printing")
    parser.add_argument("--max-pages", type=int, default=300, help="refuse files with more pages (default 300)")
    parser.add_argument("--verbose", action="store_true", help="show progress and library warnings")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from yigcha.extractors.pipeline import extract  # the extractor's stack loads only for this command

    _quiet_libraries(args.verbose)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path in args.files:
        try:
            result = extract(path.read_bytes(), path.name, max_pages=args.max_pages)
        except (YigchaError, OSError) as e:
            failed += 1
            last_code = e.exit_code if isinstance(e, YigchaError) else ExitCode.input_file
            message = e.message if isinstance(e, YigchaError) else (e.strerror or str(e))
            print(f"yigcha: {path}: {message}", file=sys.stderr)
            continue
        except Exception as e:  # a bug of ours: one line here, the traceback with --verbose
            failed += 1
            last_code = ExitCode.internal_error
            log.debug("traceback", exc_info=True)
            print(f"yigcha: {path}: internal error ({type(e).__name__}: {e}); rerun with --verbose "
                  "and report it", file=sys.stderr)
            continue
        _emit(result, args)
    if failed:
        return int(last_code) if failed == len(args.files) and len(args.files) == 1 else int(ExitCode.input_file)
    return 0


def _emit(result: Extraction, args: argparse.Namespace) -> None:
    if args.out:
        target = args.out / f"{result.file}.json"
        target.write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        return
    if args.format == "table":
        print(_table(result))
        return
    print(json.dumps(result.to_dict(), ensure_ascii=False, indent=None if len(args.files) > 1 else 1))


def _table(result: Extraction) -> str:
    rows = [f"{result.file} ({len(result.pages)} pages, {len(result.records)} records)"]
    for i, record in enumerate(result.records, 1):
        data = record.to_dict()
        rows.append(f"  record {i} (pages {data['pages'][0]}–{data['pages'][1]})")
        extras = [name for name in data if name not in RECORD_FIELDS and name not in ("meta", "pages")]
        for name in (*RECORD_FIELDS, *extras):
            value = data[name]
            confidence = data["meta"].get(name, {}).get("confidence")
            shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
            sure = f"  [{confidence:.2f}]" if confidence is not None else ""
            rows.append(f"    {name:19s} {shown}{sure}")
    return "\n".join(rows)


def _quiet_libraries(verbose: bool) -> None:
    """Library chatter (pdfminer font warnings, onnxruntime) stays out of the output unless --verbose."""
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR, format="%(name)s: %(message)s")
    if not verbose:
        warnings.filterwarnings("ignore")
        for name in ("pdfminer", "RapidOCR", "rapidocr", "onnxruntime"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
