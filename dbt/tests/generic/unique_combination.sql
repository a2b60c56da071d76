{#- The grain test: every key column is filled and no two rows share the same key values. -#}
{% test unique_combination(model, columns) %}
    {%- set any_key_missing = columns | join(' is null or ') ~ ' is null' %}
    select
        {{ columns | join(', ') }},
        count(*) as rows_sharing_the_key
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1 or {{ any_key_missing }}
{% endtest %}
