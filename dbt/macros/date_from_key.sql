{#- A dim_date key (yyyymmdd) as a date; the special members (-1 unknown, -2 not happened yet)
    become null, which is what every metric wants. -#}
{% macro date_from_key(column) -%}
    case
        when {{ column }} > 0
            then cast(strptime(cast({{ column }} as varchar), '%Y%m%d') as date)
    end
{%- endmacro %}
