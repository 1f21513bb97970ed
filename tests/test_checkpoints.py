"""Work copies of the store live beside it and are emptied at start, so nothing a crash left behind lingers."""

from __future__ import annotations

from pathlib import Path

from kb.knowledge_base import KnowledgeBase
from kb.store.checkpoints import Checkpoints


def test_copies_a_crash_left_behind_are_gone_at_the_next_start(tmp_path):
    stale = tmp_path / ".store.work" / "scratch-7"
    stale.mkdir(parents=True)
    (stale / "000001.sst").write_bytes(b"left by a killed server")
    with KnowledgeBase(tmp_path / "store") as kb:
        checkpoints = kb.checkpoints
        assert not stale.exists() and checkpoints.directory == tmp_path / ".store.work"


def test_readers_get_a_fresh_checkpoint_after_each_write_and_scratch_copies_go(tmp_path):
    with KnowledgeBase(tmp_path / "store") as kb:
        checkpoints = Checkpoints(kb.store)
        with checkpoints.reading() as first:
            kb.load_seed()
            checkpoints.refresh()
            with checkpoints.reading() as second:
                assert second != first and Path(first).is_dir(), "kept while a reader is on it"
        assert not Path(first).exists() and Path(second).is_dir(), "the older one went once nobody read it"
        with checkpoints.scratch() as scratch:
            assert (tmp_path / ".store.work" / scratch.rsplit("/", 1)[-1]).is_dir()
        assert not any(path.name.startswith("scratch") for path in checkpoints.directory.iterdir())
        checkpoints.close()
