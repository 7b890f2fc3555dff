"""A preview's small round runs with the cycle collector off, and its garbage is collected once the
round is over (idle_gc.py): memory is still reclaimed, and a large round keeps the collector on."""
import gc
import threading
import weakref

import pytest

from generator.mkdocs_plugin import idle_gc
from generator.mkdocs_plugin.idle_gc import IdleCollection


@pytest.fixture
def full_collections(monkeypatch):
    monkeypatch.setattr(idle_gc, "IDLE_DELAY", 0.05)
    done = threading.Event()

    def seen(phase, info):
        if phase == "stop" and info["generation"] == 2:
            done.set()

    gc.callbacks.append(seen)
    yield done
    gc.callbacks.remove(seen)
    gc.enable()


class Cycle:
    def __init__(self):
        self.me = self


def test_a_small_round_defers_the_collection_until_it_is_over(full_collections):
    idle = IdleCollection()
    idle.round_starts()
    idle.round_rewrites(3)
    assert not gc.isenabled()
    garbage = Cycle()
    freed = threading.Event()
    weakref.finalize(garbage, freed.set)
    del garbage
    full_collections.clear()
    idle.round_ends()
    assert freed.wait(5), "the round's garbage was never collected"
    assert full_collections.wait(5)  # the finalizer runs inside the collection, before its end is reported
    assert gc.isenabled()


def test_a_round_that_rewrites_many_pages_keeps_the_collector_on(full_collections):
    idle = IdleCollection()
    idle.round_starts()
    idle.round_rewrites(idle_gc.FEW_PAGES + 1)
    assert gc.isenabled()
    idle.round_ends()
    assert full_collections.wait(5)


def test_a_new_round_puts_off_the_collection_of_the_last(full_collections, monkeypatch):
    monkeypatch.setattr(idle_gc, "IDLE_DELAY", 0.3)
    idle = IdleCollection()
    idle.round_starts()
    idle.round_ends()
    full_collections.clear()
    idle.round_starts()  # a save before the last round's garbage was collected
    assert not full_collections.wait(0.6)
    assert not gc.isenabled()
    idle.round_ends()
    assert full_collections.wait(5)
