"""Releasing built outputs: a publication is a copy of finished builds swapped in atomically, kept
for restoring. May import every package before it; board and site reach it only through their
built folders."""
