"""The door-pledge register's workflows, one module per topic; callers write
``services.<name>``."""
