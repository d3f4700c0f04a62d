"""Ingest: turn a file into triples. One module per kind of input (rdf, csv, lettre, reference)."""
