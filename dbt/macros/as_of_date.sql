{#- The reference date of every time-dependent metric, as a SQL date literal.
    var as_of_date (YYYY-MM-DD) wins; empty or unset means the date the run started (UTC). -#}
{% macro as_of_date() -%}
    {%- set value = var('as_of_date', '') | string | trim -%}
    {%- if value in ('', 'None') -%}
        {%- set value = run_started_at.strftime('%Y-%m-%d') -%}
    {%- endif -%}
    {%- if modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', value) is none -%}
        {{ exceptions.raise_compiler_error(
            "var as_of_date=" ~ value ~ " is not a date: use YYYY-MM-DD, e.g. 2026-10-01") }}
    {%- endif -%}
    cast('{{ value }}' as date)
{%- endmacro %}
