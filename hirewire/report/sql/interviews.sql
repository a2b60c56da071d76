-- Interview performance: one row per candidate and interview type.
select
    candidate_id,
    interview_type,
    interview_type_label,
    interviews,
    completed,
    average_rating,
    followed_by_further_stage,
    share_followed_by_further_stage
from mart_interview_performance
order by candidate_id asc, interviews desc, interview_type asc
