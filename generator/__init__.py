"""Service-guide site generator: catalogue YAML -> Markdown pages for MkDocs (or any engine)."""
