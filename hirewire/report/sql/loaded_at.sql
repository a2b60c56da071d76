-- When the data was loaded: the end of the last successful ETL run (null if none).
select max(finished_at) as loaded_at
from etl_run
where status = 'succeeded'
