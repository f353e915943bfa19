-- The keys of the rows that break one expectation, written from the rule itself
-- (pipeline/lib/quality/failing.py): its column(s), its row_condition, and the missing values it
-- ignores. A set, range or pair check never counts a missing value as a failure (GX leaves them
-- out of the rows it examines; a pair rule says so with ignore_row_if: either_value_is_missing),
-- so these are exactly the rows Great Expectations counted as unexpected.
SELECT _file_sha256, _row_number
FROM {{ table | ident }}
WHERE
{% if condition %}
    {{ condition.column | ident }} {{ condition.operator }} {% if condition.listed %}(SELECT unnest($condition)){% else %}$condition{% endif %}
    AND
{% endif %}
{% if type == "expect_column_values_to_not_be_null" %}
    {{ column | ident }} IS NULL
{% elif type == "expect_column_values_to_be_null" %}
    {{ column | ident }} IS NOT NULL
{% elif type == "expect_column_values_to_be_in_set" %}
    {{ column | ident }} IS NOT NULL AND {{ column | ident }} NOT IN (SELECT unnest($value_set))
{% elif type == "expect_column_values_to_be_between" %}
    {{ column | ident }} IS NOT NULL
    AND NOT ({% if has_min %}{{ column | ident }} >= $min_value{% endif %}{% if has_min and has_max %} AND {% endif %}{% if has_max %}{{ column | ident }} <= $max_value{% endif %})
{% elif type == "expect_column_pair_values_to_be_equal" %}
    {{ column_A | ident }} IS NOT NULL AND {{ column_B | ident }} IS NOT NULL
    AND {{ column_A | ident }} <> {{ column_B | ident }}
{% elif type == "expect_column_pair_values_a_to_be_greater_than_b" %}
    {{ column_A | ident }} IS NOT NULL AND {{ column_B | ident }} IS NOT NULL
    AND NOT ({{ column_A | ident }} {{ ">=" if or_equal else ">" }} {{ column_B | ident }})
{% endif %}
