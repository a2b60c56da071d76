-- The coach's overview: every job seeker's numbers, the one needing attention first
-- (mart_candidates.attention_rank, defined in the glossary).
-- One row per candidate.
select
    candidate_key,
    candidate_name,
    applications,
    responded_applications,
    response_rate,
    interviews,
    offers,
    ghosted_applications,
    ghost_rate,
    last_activity_on,
    follow_ups_due,
    attention_rank
from mart_candidates
order by attention_rank
