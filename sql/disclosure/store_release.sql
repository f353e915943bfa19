-- A release's figures about people (rows staged as `incoming`).
INSERT INTO public_release.released_values BY NAME SELECT $released_on AS released_on, * FROM incoming;
