"""Importing an office's trackers of recommendations (Excel, CSV, Word tables): :mod:`.reading` reads the tables,
:mod:`.mapping` finds the header and each column's field, :mod:`.values` reads dates and status words, :mod:`.units`
matches unit names, :mod:`.plan` builds the preview with its problems by cell, :mod:`.apply` writes it in one
transaction. No Qt here: the command (:mod:`.commands`) and the wizard (``ui.features.tracker``) share it all."""
