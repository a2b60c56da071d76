-- fct_interview: one row per interview of the applications in this run's scope. Candidate,
-- company and position come from the application's fact row (just rebuilt); an interview
-- whose application is missing gets -1 everywhere.

insert into fct_interview by name
with
interviews as (
    select
        id,
        process_id,
        interview_type_id,
        status_id,
        interviewer_name,
        duration_minutes,
        rating,
        scheduled_at,
        updated_at
    from etl_interviews_in_scope
),

applications as (
    select
        application_key,
        candidate_key,
        company_key,
        position_key,
        applied_on
    from etl_fct_application_in_scope
),

interview_statuses as (
    select
        id,
        code,
        category
    from source_replica.interview_statuses
),

final as (
    select
        interviews.id as interview_key,
        interviews.id as interview_id,
        coalesce(applications.application_key, -1) as application_key,
        coalesce(applications.candidate_key, -1) as candidate_key,
        coalesce(applications.company_key, -1) as company_key,
        coalesce(applications.position_key, -1) as position_key,
        -- The replica's vocabulary id is the key already (-1: unknown type).
        coalesce(interviews.interview_type_id, -1) as interview_type_key,
        etl_date_key(etl_utc_date(interviews.scheduled_at), -1) as interview_date_key,
        coalesce(interview_statuses.code, 'unknown') as interview_status,
        coalesce(interview_statuses.category, 'unknown') as interview_status_category,
        interviews.interviewer_name,
        row_number() over (
            partition by interviews.process_id
            order by interviews.scheduled_at, interviews.id
        ) as interview_number,
        datediff('day', applications.applied_on, etl_utc_date(interviews.scheduled_at))
            as days_since_applied,
        interviews.duration_minutes,
        interviews.rating,
        coalesce(interview_statuses.category = 'done', false) as is_completed,
        interviews.scheduled_at,
        interviews.updated_at as source_updated_at
    from interviews
    left join applications on interviews.process_id = applications.application_key
    left join interview_statuses on interviews.status_id = interview_statuses.id
)

select * from final;
