-- What the database holds, for `python -m hirewire.sample`: applications in all, the sample's
-- among them, and when a sample was last loaded and removed. One row.
select
    (select count(*) from hirewire.interview_processes) as applications,
    (
        select count(*)
        from hirewire.interview_processes
        where is_sample
    ) as sample_applications,
    (select max(loaded_at) from hirewire.sample_loads) as loaded_at,
    (select max(removed_at) from hirewire.sample_loads) as removed_at
