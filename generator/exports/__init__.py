"""Outputs beside the Markdown pages, fed by the same catalogue: structured data (JSON-LD) in pages,
and downloadable data files (JSON, CSV, XLSX, an Atom feed of changes)."""
