-- Source effectiveness: one row per candidate and source, biggest sources first.
select
    candidate_id,
    source,
    source_label,
    applications,
    responses,
    response_rate,
    interviewed,
    offers,
    median_days_to_first_response
from mart_source_effectiveness
order by candidate_id asc, applications desc, source asc
