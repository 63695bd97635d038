"""Ingest: files (txt, md, html, pdf, docx) → cleaned text → Meeting → AgendaItem → Paragraph → store.

Parsing is pure functions; reading files and writing the store happen only at the edges.
"""
