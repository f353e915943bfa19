-- A release made before exact figures were frozen with it has been given them (pipeline/lib/release/record.py).
UPDATE public_release.releases SET beside_people = true WHERE released_on = $day;
