"""Dependencies point inward: the extractor knows nothing of HTTP, queues, databases or object storage."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN_IN_EXTRACTORS = ("fastapi", "starlette", "rq", "redis", "minio", "sqlalchemy", "alembic",
                           "yigcha.models.tables", "yigcha.models.settings", "yigcha.storage",
                           "yigcha.ingest", "yigcha.api", "yigcha.cli")
NOTHING_IMPORTS = ("yigcha.api", "yigcha.cli")


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _is_under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


@pytest.mark.parametrize("path", sorted((ROOT / "extractors").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_extractors_stay_pure(path: Path) -> None:
    bad = [m for m in imported_modules(path) for f in FORBIDDEN_IN_EXTRACTORS if _is_under(m, f)]
    assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


@pytest.mark.parametrize("folder", ["models", "storage", "ingest", "extractors"])
def test_nothing_imports_api_or_cli(folder: str) -> None:
    for path in (ROOT / folder).rglob("*.py"):
        bad = [m for m in imported_modules(path) for f in NOTHING_IMPORTS if _is_under(m, f)]
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from yigcha.storage.db import engine_for\nimport redis\n")
    assert imported_modules(sample) == ["yigcha.storage.db", "redis"]
