-- A release (its figures are inserted by store_release.sql, those about people and those beside them).
INSERT INTO public_release.releases (released_on, k, made_at, revisions_withheld, years_held, beside_people)
VALUES ($released_on, $k, $made_at, $revisions_withheld, $years_held, true);
