-- The periods a release held back (rows staged as `incoming`).
INSERT INTO public_release.held_back BY NAME SELECT $released_on AS released_on, * FROM incoming;
