"""Releasing: figures about people on the release calendar (the disclosure policy, the release record
that protects each release against the earlier ones), and built outputs as publications, copies of
finished builds swapped in atomically, kept for restoring. May import every package before it
(``disclosure`` included); board and site reach its publications only through their built folders."""
