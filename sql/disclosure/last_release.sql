-- The last release made, whatever today's date: figures once out stay out (a replayed date never
-- takes the site back to an earlier release's figures, which would un-publish what readers have).
SELECT released_on, k FROM public_release.releases ORDER BY released_on DESC LIMIT 1;
