"""`make bench`: the ETL measured against the rate at which Postgres hands data out."""
