"""HireWire: a SQL-first job-search analytics warehouse (shared Python helpers)."""
