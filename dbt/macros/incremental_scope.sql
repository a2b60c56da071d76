{#- Incremental marts (docs/analytics.md, "Incremental marts").

    hirewire.analytics decides before each build whether it is full (`--full-refresh`) or
    incremental, and for an incremental one writes its scope into the warehouse: the
    applications to rebuild (analytics_scope_application) and the candidates whose aggregates
    to recompute (analytics_scope_candidate). An incremental model deletes its rows in scope
    (pre-hook `delete_in_scope`) and appends them again from inputs filtered by `in_scope`;
    a full build reads everything and `in_scope` is always true. -#}

{#- The scope table of `scope` ('application' or 'candidate') and its key column. -#}
{% macro scope_relation(scope) -%}
    {%- if scope == 'application' -%}
        {{ source('warehouse', 'analytics_scope_application') }}
    {%- elif scope == 'candidate' -%}
        {{ source('warehouse', 'analytics_scope_candidate') }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("unknown incremental scope " ~ scope) }}
    {%- endif -%}
{%- endmacro %}

{% macro scope_key(scope) -%}
    {{ 'application_key' if scope == 'application' else 'candidate_id' }}
{%- endmacro %}

{#- An incremental build reads a scope only hirewire.analytics prepares (and says so with the
    var incremental_scope): run by hand, dbt would keep yesterday's rows. -#}
{% macro require_prepared_scope() -%}
    {%- if var('incremental_scope', '') != 'prepared' -%}
        {{ exceptions.raise_compiler_error(
            "this warehouse's marts are incremental: build them with `make dbt` (or `make "
            ~ "refresh`), or by hand with dbt build --full-refresh") }}
    {%- endif -%}
{%- endmacro %}

{#- A filter: `column` is in this build's scope (always true in a full build). -#}
{% macro in_scope(column, scope='application') -%}
    {%- if is_incremental() -%}
        {{- require_prepared_scope() -}}
        {{ column }} in (select {{ scope_key(scope) }} from {{ scope_relation(scope) }})
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- The pre-hook of an incremental model: its rows in scope go, the model appends them anew
    (an application deleted at the source is in scope and simply does not come back). -#}
{% macro delete_in_scope(column, scope='application') -%}
    {%- if is_incremental() -%}
        {{- require_prepared_scope() -}}
        delete from {{ this }}
        where {{ column }} in (select {{ scope_key(scope) }} from {{ scope_relation(scope) }})
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
