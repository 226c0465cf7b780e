"""The planning bureau's workflows, one module per topic; callers write ``services.<name>``."""
