-- Weekly activity: one row per candidate and ISO week (Monday), empty weeks included.
select
    candidate_id,
    week_start,
    applications_sent,
    interviews_held,
    offers,
    rejections
from mart_weekly_activity
order by candidate_id, week_start
