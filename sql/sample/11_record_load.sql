-- Sample job search, step 11: remember that a sample was loaded (and with which parameters):
-- `--if-empty` never loads a second one, even after `make sample-remove` emptied the database.
insert into hirewire.sample_loads (seed, applications, candidates)
select
    seed,
    applications,
    candidates
from sample_params
