{#- ref() and source() render as `main.<name>`, without the database (catalog) name.
    DuckDB names a file's catalog after the file, and dbt builds on a private copy whose name
    differs from the published file's: a view that said `"<copy>".main.x` would break once the
    copy is renamed into place, or when anyone opens the file under another name. -#}
{% macro ref() -%}
    {%- set relation = builtins.ref(*varargs, **kwargs) -%}
    {%- if relation.include is defined -%}
        {%- do return(relation.include(database=False)) -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}

{% macro source() -%}
    {%- set relation = builtins.source(*varargs, **kwargs) -%}
    {%- if relation.include is defined -%}
        {%- do return(relation.include(database=False)) -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}
