{#- A dim_date key (yyyymmdd) as a date; the special members (-1 unknown, -2 not happened yet)
    become null, which is what every metric wants. Arithmetic, not strptime on a string: no
    string is built and parsed for each of the tens of millions of keys a large warehouse holds. -#}
{% macro date_from_key(column) -%}
    case
        when {{ column }} > 0
            then make_date(
                cast({{ column }} // 10000 as integer),
                cast({{ column }} // 100 % 100 as integer),
                cast({{ column }} % 100 as integer)
            )
    end
{%- endmacro %}
