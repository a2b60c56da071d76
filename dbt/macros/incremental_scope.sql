{#- Incremental marts (docs/analytics.md, "Incremental marts").

    hirewire.analytics decides before each build whether it is full (`--full-refresh`) or
    incremental, and for an incremental one writes its scope into the warehouse: the
    applications to rebuild (analytics_scope_application) and the candidates whose aggregates
    to recompute (analytics_scope_candidate). An incremental model deletes its rows in scope
    (pre-hook `delete_in_scope`) and appends them again from inputs filtered by `in_scope`;
    a full build reads everything and `in_scope` is always true. -#}

{#- The scopes, each a table (a dbt source) and its key columns: applications, candidates,
    and for the marts finer than a candidate, the (candidate, company) and (candidate, source)
    groups. -#}
{% macro scope_columns(scope) -%}
    {%- set columns = {
        'application': ['application_key'],
        'candidate': ['candidate_id'],
        'candidate_company': ['candidate_id', 'company_id'],
        'candidate_source': ['candidate_id', 'source'],
    } -%}
    {%- if scope not in columns -%}
        {{ exceptions.raise_compiler_error("unknown incremental scope " ~ scope) }}
    {%- endif -%}
    {%- do return(columns[scope]) -%}
{%- endmacro %}

{% macro scope_relation(scope) -%}
    {%- do scope_columns(scope) -%}
    {{ source('warehouse', 'analytics_scope_' ~ scope) }}
{%- endmacro %}

{% macro scope_key(scope) -%}
    {{ scope_columns(scope) | join(', ') }}
{%- endmacro %}

{#- `columns` (one expression, or a list for a group) as one IN operand. -#}
{% macro scope_operand(columns) -%}
    {%- if columns is string -%}
        {{ columns }}
    {%- else -%}
        ({{ columns | join(', ') }})
    {%- endif -%}
{%- endmacro %}

{#- `columns` are in `scope`: its table, or `relation` when given (a name, for a data test, which
    declares no dependency on the scope tables). -#}
{% macro scope_membership(columns, scope, relation=none) -%}
    {{ scope_operand(columns) }} in (
        select {{ scope_key(scope) }} from {{ relation or scope_relation(scope) }}
    )
{%- endmacro %}

{#- A filter: `columns` are in this build's scope (always true in a full build). -#}
{% macro in_scope(columns, scope='application') -%}
    {%- if is_incremental() -%}
        {{- require_prepared_scope() -}}
        {{ scope_membership(columns, scope) }}
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- Whether this run is an incremental build hirewire.analytics prepared (var
    incremental_scope), not a full one: its tests then check only what it rebuilt. A `dbt test`
    by hand tests every row: the scope tables are empty between builds. -#}
{% macro scoped_build() -%}
    {%- do return(var('incremental_scope', '') == 'prepared' and not flags.FULL_REFRESH) -%}
{%- endmacro %}

{#- Where is_incremental() cannot tell (a singular test): `columns` are in the scope of the
    build running (always true in a full build or by hand, see scoped_build).
    A singular test reading several relations filters each by the same candidates, so its
    comparison stays whole for every candidate it reads. -#}
{% macro in_build_scope(columns, scope='candidate') -%}
    {%- if scoped_build() -%}
        {{ scope_membership(columns, scope) }}
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- In a view an incremental model reads: while an incremental build runs, `column` is in its
    scope, so the view's own first step drops the rest before its joins (a filter by the
    reader would come after them). The view outlives the build: once the build has emptied the
    scope it shows every row again. Always true in a full build (no filter, whose guessed
    selectivity would only mislead DuckDB's choice of join sides). -#}
{% macro while_in_build_scope(column, scope='application') -%}
    {%- if scoped_build() -%}
        (
            not exists (select 1 from {{ scope_relation(scope) }})
            or {{ scope_membership(column, scope) }}
        )
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- The pre-hook of an incremental model: its rows in scope go, the model appends them anew
    (an application deleted at the source is in scope and simply does not come back). -#}
{% macro delete_in_scope(columns, scope='application') -%}
    {%- if is_incremental() -%}
        {{- require_prepared_scope() -}}
        delete from {{ this }}
        where {{ scope_membership(columns, scope) }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#- A test with no application or candidate key to scope by (a dimension's): when it reads only
    staging views of star tables, it has something new to check only if the ETL changed one of
    those tables since the last build (analytics_scope_table, '*' for any). Empty otherwise:
    the same rows passed the same test then. -#}
{% macro changed_tables_filter(test) -%}
    {%- set read = namespace(tables=[], only_star_tables=true) -%}
    {%- for parent_id in test.depends_on.nodes -%}
        {%- set parent = graph.nodes.get(parent_id) -%}
        {%- if parent is none or parent.resource_type != 'model' -%}
            {%- set read.only_star_tables = false -%}
        {%- else -%}
            {%- for upstream_id in parent.depends_on.nodes -%}
                {%- if upstream_id in graph.sources -%}
                    {%- set read.tables = read.tables + [graph.sources[upstream_id].name] -%}
                {%- else -%}
                    {%- set read.only_star_tables = false -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if read.only_star_tables and read.tables -%}
        {%- set names = "'" ~ ((['*'] + read.tables) | unique | join("', '")) ~ "'" -%}
        {%- do return(
            'exists (select 1 from main.analytics_scope_table where table_name in ('
            ~ names ~ '))') -%}
    {%- endif -%}
    {%- do return('') -%}
{%- endmacro %}

{#- Data tests in an incremental build check the rows it rebuilt. dbt_project.yml gives every
    generic test the `where` token `in_scope`; here (dbt's hook for `where`) it becomes a filter
    on the tested relation's application or candidate key, the same scope the models rebuilt.
    Sound because the rows out of scope are those the previous build tested and left as they
    were, and the keys tested for uniqueness belong to one application or candidate. A full
    build (--full-refresh) and a `dbt test` by hand test every row; so does a relation with no
    such key (a dimension) when the ETL changed a table it reads, and nothing otherwise
    (changed_tables_filter), and one whose rows depend on other rows (`meta: {scoped_tests:
    false}`: a rank over all candidates). A model that recomputes finer groups names its scope
    in `meta: {incremental_scope: ...}`; its tests then read those groups. -#}
{% macro get_where_subquery(relation) -%}
    {#- A namespace: Jinja forgets a variable set inside a loop when the loop ends. -#}
    {%- set filter = namespace(where=config.get('where', '')) -%}
    {%- if filter.where == 'in_scope' -%}
        {%- set filter.where = '' -%}
        {%- set tested = graph.nodes.get(model.attached_node) if model.attached_node else none -%}
        {%- set allowed = tested is not none and tested.config.meta.get('scoped_tests', true) -%}
        {%- set declared = tested.config.meta.get('incremental_scope') if allowed else none -%}
        {%- if declared and scoped_build() -%}
            {%- set filter.where = scope_membership(
                scope_columns(declared), declared, 'main.analytics_scope_' ~ declared) -%}
        {%- elif allowed and scoped_build() and execute -%}
            {#- The tested model's documented columns name its keys (tests/test_dbt_contracts.py
                checks they are the built relation's): no catalog query per test. A model
                documenting none of them is looked up. -#}
            {%- set columns = tested.columns.keys() | map('lower') | list -%}
            {%- if not (columns | select('in', scope_key_columns()) | list) -%}
                {%- set columns = adapter.get_columns_in_relation(relation)
                    | map(attribute='name') | map('lower') | list -%}
            {%- endif -%}
            {%- for column, scope in scope_key_columns().items() -%}
                {%- if not filter.where and column in columns -%}
                    {%- set filter.where = scope_membership(
                        column, scope, 'main.analytics_scope_' ~ scope) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- if not filter.where -%}
                {%- set filter.where = changed_tables_filter(model) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
    {%- if filter.where -%}
        {%- set filtered = '(select * from ' ~ relation ~ ' where ' ~ filter.where ~ ')' -%}
        {%- do return(filtered ~ ' dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}

{#- The columns that tie a row to the scope of an incremental build, in order of preference:
    a data test filters its relation by the first one it has. -#}
{% macro scope_key_columns() -%}
    {%- do return({
        'application_key': 'application',
        'application_id': 'application',
        'candidate_id': 'candidate'}) -%}
{%- endmacro %}
