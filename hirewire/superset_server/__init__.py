"""Files that run inside Superset's own environment (.venv-superset), never imported by the
pipeline: Superset's configuration and the admin-account step of `make superset`."""
