-- DuckDB: rows in the warehouse's fact tables, the input dbt build reads. One row.
select
    (select count(*) from fct_application)
    + (select count(*) from fct_interview)
    + (select count(*) from fct_status_change) as fact_rows
