-- A position recorded before this import (typed by hand, say) gets the details it does not say
-- yet from the lines whose application this import created: never overwritten, only filled,
-- so an import adds what it knows without erasing. A salary range is filled as a whole, with
-- its currency. The first such line of a position wins.
-- One update per position filled.
with file_details as (
    select distinct on (position_id)
        position_id,
        location,
        salary_min,
        salary_max,
        currency,
        url
    from import_rows
    where process_id is not null
    order by position_id asc, line_number asc
)

update hirewire.job_positions as positions
set
    location = coalesce(positions.location, file_details.location),
    url = coalesce(positions.url, file_details.url),
    salary_min = case
        when positions.salary_min is null and positions.salary_max is null
            then file_details.salary_min
        else positions.salary_min
    end,
    salary_max = case
        when positions.salary_min is null and positions.salary_max is null
            then file_details.salary_max
        else positions.salary_max
    end,
    currency = case
        when
            positions.salary_min is null and positions.salary_max is null
            and file_details.salary_min is not null
            then coalesce(file_details.currency, positions.currency)
        else positions.currency
    end
from file_details
where
    positions.id = file_details.position_id
    and (
        (positions.location is null and file_details.location is not null)
        or (positions.url is null and file_details.url is not null)
        or (
            positions.salary_min is null and positions.salary_max is null
            and file_details.salary_min is not null
        )
    )
