"""The MkDocs adapter: the plugin, the incremental preview, helper processes, the downloads job. The only
place that imports MkDocs."""
