-- The as-of date the marts were built with (null when there is no application yet).
select max(as_of_date) as as_of_date
from mart_applications
