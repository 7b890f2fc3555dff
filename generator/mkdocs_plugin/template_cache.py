"""The theme's compiled templates, kept across the rebuilds of a preview.

MkDocs makes a new Jinja environment for every build, so `mkdocs serve` parses and compiles the
theme's templates (Material's base.html and partials, our main.html) again after every save: a
third of a second of every preview round. Jinja's bytecode cache keeps the compiled code, checked
against each template's source, so an edited template is compiled again.
"""
from __future__ import annotations

from jinja2 import BytecodeCache


class CompiledTemplates(BytecodeCache):
    """Jinja's bytecode cache, in this process's memory."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # ignored by Jinja when the source's checksum differs

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()
