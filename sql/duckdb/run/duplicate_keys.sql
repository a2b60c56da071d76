-- `make check`: keys the star schema does not enforce with an index (000_star_schema.sql),
-- counted per table. Any duplicate is a bug in the load, never expected.
select
    'dim_candidate' as table_name,
    count(*) - count(distinct candidate_key) as duplicate_keys
from dim_candidate
union all
select
    'dim_company' as table_name,
    count(*) - count(distinct company_key) as duplicate_keys
from dim_company
union all
select
    'dim_position' as table_name,
    count(*) - count(distinct position_key) as duplicate_keys
from dim_position
union all
select
    'fct_application' as table_name,
    count(*) - count(distinct application_key) as duplicate_keys
from fct_application
union all
select
    'fct_interview' as table_name,
    count(*) - count(distinct interview_key) as duplicate_keys
from fct_interview
union all
select
    'fct_status_change' as table_name,
    count(*) - count(distinct status_change_key) as duplicate_keys
from fct_status_change;
