-- Remove the sample, step 5: what the sample created and a user's rows still use is theirs
-- from now on (no longer flagged, so a later removal leaves it alone), and the load is
-- recorded as removed, so `make all` does not load the sample again.
update hirewire.candidates
set is_sample = false
where is_sample;

update hirewire.companies
set is_sample = false
where is_sample;

update hirewire.job_positions
set is_sample = false
where is_sample;

update hirewire.sample_loads
set removed_at = now()
where removed_at is null;
