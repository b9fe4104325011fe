"""The watched folder a scanner drops files into."""
from __future__ import annotations

from utils.service import corpus_file
from yigcha.ingest.watch import FolderWatcher
from yigcha.storage.db import session_scope
from yigcha.storage.documents import list_documents


def test_stable_files_are_ingested_and_moved(services, tmp_path) -> None:
    folder = tmp_path / "scanner"
    for sub in ("", "done", "refused"):
        (folder / sub).mkdir(exist_ok=True)
    (folder / "n018.tiff").write_bytes(corpus_file("n018.tiff").read_bytes())
    (folder / "readme.txt").write_text("不是公文")
    watcher = FolderWatcher(settings=services.settings, factory=services.factory, store=services.store,
                            dispatcher=services.dispatcher, folder=folder)
    watcher.scan_once()  # first sight: sizes recorded, nothing ingested yet (the scanner may be writing)
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == ["n018.tiff", "readme.txt"]
    watcher.scan_once()
    assert [p.name for p in (folder / "done").iterdir()] == ["n018.tiff"]
    assert sorted(p.name for p in (folder / "refused").iterdir()) == ["readme.txt", "readme.txt.error.txt"]
    assert (folder / "refused" / "readme.txt.error.txt").read_text().startswith("input_file: readme.txt: ")
    with session_scope(services.factory) as session:
        assert [(d.filename, d.uploaded_by) for d in list_documents(session=session)] == [
            ("n018.tiff", "watch:scanner")]
