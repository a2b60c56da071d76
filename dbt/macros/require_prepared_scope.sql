{#- An incremental build reads a scope only hirewire.analytics prepares (and says so with the
    var incremental_scope): run by hand, dbt would keep yesterday's rows. -#}
{% macro require_prepared_scope() -%}
    {%- if var('incremental_scope', '') != 'prepared' -%}
        {{ exceptions.raise_compiler_error(
            "this warehouse's marts are incremental: build them with `make dbt` (or `make "
            ~ "refresh`), or by hand with dbt build --full-refresh") }}
    {%- endif -%}
{%- endmacro %}
