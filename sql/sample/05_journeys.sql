-- Sample job search, step 5: the journey each application takes through the funnel.
-- sample_applications: one row per application, with its planned statuses and their day
-- offsets from the application date. sample_steps: one row per status change that happened
-- before the sample's "now" (later ones are cut, which leaves recent applications open).
-- Step 6 inserts the applications at their current status (the last change); step 7 writes
-- their whole history, as the history trigger would.
create temp table sample_applications on commit drop as
with numbered as (
    select
        application.n,
        params.seed,
        params.end_on,
        params.span_days,
        ((application.n - 1) % params.position_count) + 1 as position_p,
        -- 0 for the first application to a position, 1 for the second (see position_count).
        (application.n - 1) / params.position_count as attempt,
        ((application.n - 1) % params.candidates) + 1 as candidate_n,
        pg_temp.sample_random(params.seed, application.n, 10) as source_draw,
        pg_temp.sample_random(params.seed, application.n, 11) as track_draw
    from sample_params as params
    cross join lateral generate_series(1::bigint, params.applications) as application (n)
),

dated as (
    select
        numbered.n,
        numbered.seed,
        numbered.position_p,
        numbered.candidate_n,
        numbered.track_draw,
        -- A second application to the same position comes 20 days or more after the first
        -- (or before it), so (candidate, position, day) never repeats.
        numbered.end_on - 1 - (
            floor(
                pg_temp.sample_random(numbered.seed, numbered.position_p, 12) * numbered.span_days
            )::integer
            + numbered.attempt::integer * (
                20 + floor(
                    pg_temp.sample_random(numbered.seed, numbered.n, 13) * (numbered.span_days - 40)
                )::integer
            )
        ) % numbered.span_days as applied_on,
        case
            when numbered.source_draw < 0.30 then 'linkedin'
            when numbered.source_draw < 0.45 then 'welcome_to_the_jungle'
            when numbered.source_draw < 0.57 then 'indeed'
            when numbered.source_draw < 0.69 then 'company_website'
            when numbered.source_draw < 0.77 then 'referral'
            when numbered.source_draw < 0.84 then 'recruiter'
            when numbered.source_draw < 0.89 then 'france_travail'
            when numbered.source_draw < 0.94 then 'networking'
            when numbered.source_draw < 0.97 then 'apec'
            when numbered.source_draw < 0.99 then 'job_fair'
            else 'other'
        end as source_code
    from numbered
),

tracked as (
    select
        dated.*,
        -- People who know someone inside get further: their draw leans towards 1.
        case
            when dated.source_code in ('referral', 'recruiter', 'networking')
                then sqrt(dated.track_draw)
            else dated.track_draw
        end as journey_draw
    from dated
),

journeys as (
    select
        tracked.n,
        tracked.seed,
        tracked.position_p,
        tracked.candidate_n,
        tracked.applied_on,
        tracked.source_code,
        case
            when tracked.journey_draw < 0.28 then 'silent'
            when tracked.journey_draw < 0.48 then 'rejected_on_cv'
            when tracked.journey_draw < 0.58 then 'rejected_after_screening'
            when tracked.journey_draw < 0.61 then 'on_hold'
            when tracked.journey_draw < 0.65 then 'ghosted_after_interview'
            when tracked.journey_draw < 0.80 then 'rejected_after_interviews'
            when tracked.journey_draw < 0.85 then 'withdrew'
            when tracked.journey_draw < 0.92 then 'rejected_in_final_round'
            else 'offer'
        end as journey,
        -- Days between steps: screening a few days after applying, then a week or two a round.
        2 + floor(7 * pg_temp.sample_random(tracked.seed, tracked.n, 14))::integer as screening_day,
        8 + floor(8 * pg_temp.sample_random(tracked.seed, tracked.n, 15))::integer as interview_gap,
        8 + floor(8 * pg_temp.sample_random(tracked.seed, tracked.n, 16))::integer as test_gap,
        8 + floor(10 * pg_temp.sample_random(tracked.seed, tracked.n, 17))::integer as final_gap,
        8 + floor(8 * pg_temp.sample_random(tracked.seed, tracked.n, 18))::integer as offer_gap,
        3 + floor(7 * pg_temp.sample_random(tracked.seed, tracked.n, 19))::integer as answer_gap,
        8 + floor(10 * pg_temp.sample_random(tracked.seed, tracked.n, 20))::integer as close_gap,
        3 + floor(25 * pg_temp.sample_random(tracked.seed, tracked.n, 21))::integer as cv_reply_day,
        30 + floor(30 * pg_temp.sample_random(tracked.seed, tracked.n, 22))::integer as ghost_gap,
        pg_temp.sample_random(tracked.seed, tracked.n, 23) as branch_draw
    from tracked
),

planned as (
    select
        journeys.*,
        journeys.screening_day + journeys.interview_gap as interview_day,
        journeys.screening_day + journeys.interview_gap + journeys.test_gap as test_day,
        journeys.screening_day + journeys.interview_gap + journeys.test_gap + journeys.final_gap
            as final_day
    from journeys
),

final as (
    select
        planned.n,
        planned.seed,
        planned.position_p,
        planned.candidate_n,
        planned.applied_on,
        planned.source_code,
        planned.journey,
        case planned.journey
            -- Most silent applications are marked ghosted after a month or two.
            when 'silent'
                then case
                    when planned.branch_draw < 0.6 then array['ghosted']
                    else array[]::text[]
                end
            when 'rejected_on_cv' then array['rejected']
            when 'rejected_after_screening' then array['screening', 'rejected']
            when 'on_hold' then array['screening', 'on_hold']
            when 'ghosted_after_interview' then array['screening', 'interviewing', 'ghosted']
            when 'rejected_after_interviews'
                then case
                    when planned.branch_draw < 0.5
                        then array['screening', 'interviewing', 'technical_test', 'rejected']
                    else array['screening', 'interviewing', 'rejected']
                end
            when 'withdrew' then array['screening', 'interviewing', 'withdrew']
            when 'rejected_in_final_round'
                then array['screening', 'interviewing', 'technical_test', 'final_round', 'rejected']
            -- Offers: accepted, declined (the status is then 'withdrew') or still pending.
            else case
                when planned.branch_draw < 0.45
                    then array[
                        'screening',
                        'interviewing',
                        'technical_test',
                        'final_round',
                        'offer',
                        'accepted'
                    ]
                when planned.branch_draw < 0.75
                    then array[
                        'screening',
                        'interviewing',
                        'technical_test',
                        'final_round',
                        'offer',
                        'withdrew'
                    ]
                else array['screening', 'interviewing', 'technical_test', 'final_round', 'offer']
            end
        end as statuses,
        case planned.journey
            when 'silent'
                then case
                    when planned.branch_draw < 0.6 then array[planned.ghost_gap]
                    else array[]::integer[]
                end
            when 'rejected_on_cv' then array[planned.cv_reply_day]
            when 'rejected_after_screening'
                then array[
                    planned.screening_day, planned.screening_day + planned.close_gap
                ]
            when 'on_hold'
                then array[
                    planned.screening_day, planned.screening_day + planned.close_gap
                ]
            when 'ghosted_after_interview'
                then array[
                    planned.screening_day, planned.interview_day,
                    planned.interview_day + planned.ghost_gap
                ]
            when 'rejected_after_interviews'
                then case
                    when planned.branch_draw < 0.5
                        then array[
                            planned.screening_day, planned.interview_day, planned.test_day,
                            planned.test_day + planned.close_gap
                        ]
                    else array[
                        planned.screening_day, planned.interview_day,
                        planned.interview_day + planned.close_gap
                    ]
                end
            when 'withdrew'
                then array[
                    planned.screening_day, planned.interview_day,
                    planned.interview_day + planned.close_gap
                ]
            when 'rejected_in_final_round'
                then array[
                    planned.screening_day, planned.interview_day, planned.test_day,
                    planned.final_day, planned.final_day + planned.close_gap
                ]
            else array[
                planned.screening_day, planned.interview_day, planned.test_day,
                planned.final_day, planned.final_day + planned.offer_gap,
                planned.final_day + planned.offer_gap + planned.answer_gap
            ]
        end as step_days
    from planned
)

select
    params.process_base + row_number() over (order by final.applied_on, final.n) as process_id,
    final.*
from final
cross join sample_params as params;

analyze sample_applications;

create temp table sample_steps on commit drop as
with unnested as (
    select
        application.process_id,
        application.n,
        application.seed,
        application.applied_on,
        application.journey,
        step.status_code,
        step.day_offset,
        step.step_no::integer as step_no,
        case
            when step.step_no = 1 then 'applied'
            else application.statuses[step.step_no - 1]
        end as from_status_code
    from sample_applications as application
    cross join
        lateral unnest(application.statuses, application.step_days)
        with ordinality as step (status_code, day_offset, step_no)
    -- unnest pads the shorter array (a pending offer has no answer yet) with nulls.
    where step.status_code is not null
),

timed as (
    select
        unnested.*,
        -- Office hours, Paris time.
        (
            (unnested.applied_on + unnested.day_offset)::timestamp
            + interval '8 hours'
            + floor(
                660 * pg_temp.sample_random(unnested.seed, unnested.n * 10 + unnested.step_no, 24)
            ) * interval '1 minute'
        ) at time zone 'Europe/Paris' as effective_at
    from unnested
),

kept as (
    select timed.*
    from timed
    cross join sample_params as params
    -- Steps are in time order, so this keeps a prefix of each journey.
    where timed.effective_at < params.as_of
)

select
    kept.*,
    kept.step_no = max(kept.step_no) over (partition by kept.process_id) as is_last
from kept;

analyze sample_steps;
