-- Sample job search, step 8: interviews. One row per interview, held during the funnel stage
-- that schedules it: a phone or HR screen, one or two interviews, a technical test, one or two
-- final rounds. Interviews before the sample's "now" are mostly completed and rated; later
-- ones are scheduled.
create temp table sample_interviews on commit drop as
with stages as (
    select
        step.process_id,
        step.n,
        step.seed,
        step.applied_on,
        step.status_code,
        step.day_offset,
        step.step_no,
        case step.status_code
            when 'interviewing'
                then
                    1
                    + (
                        pg_temp.sample_random(step.seed, step.n * 10 + step.step_no, 30) < 0.7
                    )::integer
            when 'final_round'
                then
                    1
                    + (
                        pg_temp.sample_random(step.seed, step.n * 10 + step.step_no, 30) < 0.4
                    )::integer
            else 1
        end as interview_count
    from sample_steps as step
    where step.status_code in ('screening', 'interviewing', 'technical_test', 'final_round')
),

numbered as (
    select
        stages.*,
        round_no.j,
        stages.n * 100 + stages.step_no * 10 + round_no.j as entity,
        case stages.status_code
            when 'screening' then array['phone_screen', 'phone_screen', 'hr', 'video']
            when 'interviewing' then array['video', 'technical', 'behavioral', 'technical']
            when 'technical_test'
                then array[
                    'coding_challenge', 'take_home', 'system_design', 'coding_challenge'
                ]
            else array['onsite', 'final', 'behavioral', 'onsite']
        end as type_choices
    from stages
    cross join lateral generate_series(1, stages.interview_count) as round_no (j)
),

scheduled as (
    select
        numbered.process_id,
        numbered.entity,
        numbered.seed,
        numbered.type_choices[
            1 + floor(4 * pg_temp.sample_random(numbered.seed, numbered.entity, 31))::integer
        ] as interview_type_code,
        -- Within the stage: first interview 1-4 days after the status change, the next one 3
        -- days later; the next status change comes 8 days or more after it.
        (
            (
                numbered.applied_on + numbered.day_offset + 1 + 3 * (numbered.j - 1)
                + floor(4 * pg_temp.sample_random(numbered.seed, numbered.entity, 32))::integer
            )::timestamp
            + interval '9 hours'
            + floor(16 * pg_temp.sample_random(numbered.seed, numbered.entity, 33))
            * interval '30 minutes'
        ) at time zone 'Europe/Paris' as scheduled_at,
        pg_temp.sample_random(numbered.seed, numbered.entity, 34) as status_draw,
        pg_temp.sample_random(numbered.seed, numbered.entity, 35) as rating_draw,
        pg_temp.sample_random(numbered.seed, numbered.entity, 36) as detail_draw
    from numbered
),

final as (
    select
        params.interview_base
        + row_number() over (order by scheduled.scheduled_at, scheduled.entity) as interview_id,
        scheduled.process_id,
        scheduled.interview_type_code,
        scheduled.scheduled_at,
        case
            when scheduled.scheduled_at >= params.as_of
                then case
                    when scheduled.status_draw < 0.85 then 'scheduled' else 'rescheduled'
                end
            when scheduled.status_draw < 0.93 then 'completed'
            when scheduled.status_draw < 0.97 then 'cancelled'
            else 'no_show'
        end as status_code,
        case scheduled.interview_type_code
            when 'phone_screen' then 30
            when 'hr' then 45
            when 'take_home' then 240
            when 'onsite' then 180
            when 'coding_challenge' then 90
            else 60
        end as duration_minutes,
        (array[
            'Julien Morel', 'Claire Fontaine', 'Olivier Chevalier', 'Amina Diallo', 'Marc Rousseau',
            'Elodie Blanc', 'Samir Haddad', 'Lucie Faure', 'Vincent Perrin', 'Anne Lambert'
        ])[1 + floor(10 * scheduled.detail_draw)::integer] as interviewer_name,
        scheduled.rating_draw
    from scheduled
    cross join sample_params as params
)

select
    final.*,
    -- Ratings lean high: people rate the interviews they remember well.
    case
        when final.status_code = 'completed' and final.rating_draw < 0.9
            then 5 - floor(5 * final.rating_draw * final.rating_draw / 0.81)::integer
    end as rating,
    case
        when final.status_code = 'completed'
            then (array[
                'Friendly team, clear process.', 'Deep dive on SQL and data modelling.',
                'Mostly about past projects.', 'Hard live-coding exercise.',
                'Good questions on pipelines and testing.', 'Interviewer seemed rushed.'
            ])[1 + floor(6 * final.rating_draw)::integer]
    end as feedback
from final;

insert into hirewire.interviews (
    id, process_id, interview_type_code, status_code, scheduled_at, duration_minutes,
    interviewer_name, feedback, rating
)
overriding system value
select
    interview_id,
    process_id,
    interview_type_code,
    status_code,
    scheduled_at,
    duration_minutes,
    interviewer_name,
    feedback,
    rating
from sample_interviews
order by interview_id;
