"""The bottom layer: data types every layer shares (source model, findings, edits), the djust
vocabulary, and atomic file writes. Imports nothing else of djust_lint.
"""
