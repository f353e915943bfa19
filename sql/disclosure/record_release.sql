-- A release (its figures about people are inserted by store_release.sql).
INSERT INTO public_release.releases VALUES ($released_on, $k, $made_at, $revisions_withheld, $years_held);
