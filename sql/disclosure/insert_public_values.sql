-- Tonight's publishable values (rows staged as `incoming`).
INSERT INTO public_release.public_values BY NAME SELECT * FROM incoming;
