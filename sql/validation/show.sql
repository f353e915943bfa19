{# How a message shows a value (pipeline/lib/quality/messages.py `show` says the same in Python):
   '(empty)' for nothing, ISO dates, times only when not midnight; text only when it is one of its
   column's closed list of values ("known"), or a landing file's name ("path", control characters
   escaped), never text as delivered. #}
{% macro show(column, kind, allowed=[]) -%}
{% set v = "b." ~ (column | ident) -%}
{% if kind == "withheld" -%}
'[withheld]'
{%- elif kind == "known" -%}
CASE WHEN {{ v }} IS NULL THEN '(empty)' WHEN list_contains({{ allowed | literal }}, {{ v }}) THEN '''' || {{ v }} || ''''
     ELSE '[withheld]' END
{%- elif kind == "date" -%}
coalesce(strftime({{ v }}, '%Y-%m-%d'), '(empty)')
{%- elif kind == "timestamp" -%}
coalesce(CASE WHEN CAST({{ v }} AS TIME) = TIME '00:00:00' THEN strftime({{ v }}, '%Y-%m-%d')
              ELSE strftime({{ v }}, '%Y-%m-%d %H:%M:%S') END, '(empty)')
{%- elif kind == "boolean" -%}
coalesce(CASE WHEN {{ v }} THEN 'true' ELSE 'false' END, '(empty)')
{%- elif kind == "integer" -%}
coalesce(CAST({{ v }} AS VARCHAR), '(empty)')
{%- elif kind == "decimal" -%}
coalesce(CASE WHEN isnan({{ v }}) THEN '(empty)' ELSE printf('%g', {{ v }}) END, '(empty)')
{%- else -%}
coalesce('''' || array_to_string(list_transform(string_split(
    regexp_replace(CASE WHEN length(CAST({{ v }} AS VARCHAR)) > 80 THEN left(CAST({{ v }} AS VARCHAR), 77) || '...'
                        ELSE CAST({{ v }} AS VARCHAR) END, '[\r\n\t]', ' ', 'g'), ''),
    lambda c: CASE WHEN ord(c) < 32 OR ord(c) = 127 THEN '\x' || lpad(lower(hex(ord(c))), 2, '0') ELSE c END), '') || '''',
    '(empty)')
{%- endif %}
{%- endmacro %}

{# The offending value as the quarantine stores it (NULL when it may not be shown). #}
{% macro stored(column, kind, allowed=[]) -%}
{% set v = "b." ~ (column | ident) -%}
{% if kind == "withheld" -%}
NULL::VARCHAR
{%- elif kind == "known" -%}
CASE WHEN list_contains({{ allowed | literal }}, {{ v }}) THEN {{ v }} END
{%- elif kind == "timestamp" -%}
strftime({{ v }}, '%Y-%m-%dT%H:%M:%S')
{%- else -%}
CAST({{ v }} AS VARCHAR)
{%- endif %}
{%- endmacro %}

{# A rule's message for the row `b` (its parts from pipeline.lib.ingest.judge._rendered: literal text
   and the columns to show, each as `show` shows it). #}
{% macro message(rule) -%}
''{% for text, field, kind, allowed in rule.parts %} || {{ text | literal }}{% if field %} || {{ show(field, kind, allowed) }}{% endif %}{% endfor %}
{%- endmacro %}
