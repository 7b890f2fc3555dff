"""Listings derived from a whole catalogue, computed once per catalogue.

A preview round asks for the same listing several times (the pages a save feeds, before and after
it; the pages' paths; the pages themselves): the legal index of 5,000 services costs a fifth of a
second each time. A loaded catalogue is never changed, so a listing is kept for the last few
catalogues, looked up by identity (hashing a catalogue would cost as much as the listing).
"""
from __future__ import annotations

import functools

KEPT = 4  # the catalogue before a save and after it, with room for a build's own


def per_catalogue(function):
    """Memoise `function(catalogue, ...)` by the catalogue's identity and equal other arguments."""
    recent: list[tuple[object, tuple, object]] = []

    @functools.wraps(function)
    def once(catalogue, *args, **kwargs):
        arguments = (args, sorted(kwargs.items()))
        for seen, seen_arguments, result in recent:
            if seen is catalogue and seen_arguments == arguments:
                return result
        result = function(catalogue, *args, **kwargs)
        recent.insert(0, (catalogue, arguments, result))
        del recent[KEPT:]
        return result

    return once
