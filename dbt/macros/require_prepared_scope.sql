{#- An incremental build reads a scope only hirewire.analytics prepares (and says so with the
    var incremental_scope): run by hand, dbt would keep yesterday's rows. -#}
{% macro require_prepared_scope() -%}
    {%- if var('incremental_scope', '') != 'prepared' -%}
        {{ exceptions.raise_compiler_error(
            "this warehouse's marts are incremental: build them with `make dbt` (or `make "
            ~ "refresh`), or by hand with `dbt build --full-refresh`") }}
    {%- endif -%}
{%- endmacro %}

{#- on-run-start: refuse a `dbt run` or `dbt build` by hand on a warehouse whose incremental
    marts exist, before anything is written (the models would refuse later, after the views). -#}
{% macro refuse_unprepared_incremental_build() -%}
    {%- if execute and flags.WHICH in ('run', 'build') and not flags.FULL_REFRESH -%}
        {%- set built = adapter.get_relation(
            database=target.database, schema=target.schema,
            identifier='int_applications_measured') -%}
        {%- if built is not none -%}
            {{- require_prepared_scope() -}}
        {%- endif -%}
    {%- endif -%}
    select 1
{%- endmacro %}
