"""The editor's desk: what an office's staff change in the browser, as forms made from the field
registry, drafts reviewed before they reach content/ (先审后发), and careful saves that keep every
line they do not change. No web framework here: the web layer calls these."""
