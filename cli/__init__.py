"""The `yigcha` command: one sub-command module per job (extract, service, users)."""
from __future__ import annotations

import argparse
import importlib
import sys

# Each module defines `add_parser(subparsers)`, which registers its sub-commands with a `run` default.
_COMMAND_MODULES = ("yigcha.cli.extract", "yigcha.cli.service", "yigcha.cli.users")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yigcha", description="Notices in, structured records out.")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as e:
            if e.name != module_name:
                raise
            continue
        module.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # `yigcha extract … | head`: the reader has seen enough
        sys.stdout = None
        return 0


if __name__ == "__main__":
    sys.exit(main())
