"""Ingest: raw newspaper page dumps become clean Markdown articles, with every change recorded."""
