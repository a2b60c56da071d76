{#- The grain test: every key column is filled and no two rows share the same key values. -#}
{% test unique_combination(model, columns) %}
    select
        {{ columns | join(', ') }},
        count(*) as rows_sharing_the_key
    from {{ model }}
    group by {{ columns | join(', ') }}
    having
        count(*) > 1
        {%- for column in columns %}
            or {{ column }} is null
        {%- endfor %}
{% endtest %}
