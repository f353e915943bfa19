SELECT count(*) FROM {{ schema | ident }}.{{ table | ident }};
