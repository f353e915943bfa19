"""Which sources count each validated chunk before the next (``merge._validation_reads_core``).

A source whose validation query reads core (a case's earlier statuses, a tally's loaded periods)
must see the previous chunk in core; the others are counted once, after their last chunk."""

from pipeline.lib.ingest.merge import _validation_reads_core


def test_the_sources_whose_validation_reads_core_count_every_chunk() -> None:
    assert _validation_reads_core("case_outcomes")
    assert _validation_reads_core("request_counts")


def test_the_others_count_once_after_the_last_chunk() -> None:
    assert not _validation_reads_core("training_records")
    assert not _validation_reads_core("assessment_status")
