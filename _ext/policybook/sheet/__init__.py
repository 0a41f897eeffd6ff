"""The spreadsheet round-trip for staff: ``policybook export-sheet`` / ``import-sheet``.

Staff who know Excel but not YAML edit the everyday fields of every program in one sheet
(titles, amounts, windows, contacts, reviewed dates); the edits go back into the YAML files
with a round-trip YAML library, so each edited cell changes its own line and nothing else.
The columns come from the program schema (:mod:`policybook.model.schema`), never a copy.
"""
