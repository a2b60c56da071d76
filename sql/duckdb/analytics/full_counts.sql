-- What a full dbt build recomputes: every application and every candidate holding one.
select
    count(*) as applications,
    count(distinct candidate_key) as candidates
from fct_application;
