-- A release's figures (rows staged as `incoming`): about people, and the exact ones released beside them.
INSERT INTO public_release.released_values BY NAME SELECT $released_on AS released_on, * FROM incoming;
