-- Whether a release holds the exact figures released beside its figures about people.
SELECT coalesce(beside_people, false) FROM public_release.releases WHERE released_on = $day;
