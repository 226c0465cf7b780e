"""The planning bureau's pages, one module per topic."""
