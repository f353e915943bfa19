"""Append-only writers for landing files, so a generation streams block by block.

One landing file is open per delivery period; each block of generated rows is appended to the
files its rows belong to. Memory therefore follows the block size, not the scale.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Literal

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

FileFormat = Literal["csv", "parquet", "jsonl"]


class DeliveryFile:
    """One landing file being written, in any of the three delivery formats."""

    def __init__(self, path: Path, fmt: FileFormat) -> None:
        self.path = path
        self.format = fmt
        self.rows = 0
        self._text: IO[bytes] | None = None
        self._parquet: pq.ParquetWriter | None = None
        self._schema: pa.Schema | None = None
        path.parent.mkdir(parents=True, exist_ok=True)

    def append(self, frame: pl.DataFrame) -> None:
        if frame.is_empty():
            return
        if self.format == "parquet":
            table = frame.to_arrow()
            if self._parquet is None:
                self._schema = table.schema
                self._parquet = pq.ParquetWriter(self.path, table.schema)
            assert self._schema is not None
            self._parquet.write_table(table.cast(self._schema))
        else:
            if self._text is None:
                self._text = self.path.open("wb")
                header = True
            else:
                header = False
            if self.format == "csv":
                frame.write_csv(
                    self._text, include_header=header, date_format="%Y-%m-%d", datetime_format="%Y-%m-%dT%H:%M:%SZ"
                )
            else:
                frame.write_ndjson(self._text)
        self.rows += frame.height

    def close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        if self._text is not None:
            self._text.close()


class DeliverySet:
    """The landing files of one source, keyed by delivery period (e.g. ``2024-07``)."""

    def __init__(self, folder: Path, name_for: dict[str, tuple[str, FileFormat]]) -> None:
        self.folder = folder
        self._name_for = name_for
        self._files: dict[str, DeliveryFile] = {}

    def append(self, period: str, frame: pl.DataFrame) -> None:
        if period not in self._name_for:
            return  # an event after the end of the sample's history has not happened yet
        if period not in self._files:
            name, fmt = self._name_for[period]
            self._files[period] = DeliveryFile(self.folder / name, fmt)
        self._files[period].append(frame)

    def append_by_period(self, frame: pl.DataFrame, period_column: str) -> None:
        for (period,), part in frame.partition_by(period_column, as_dict=True).items():
            self.append(str(period), part.drop(period_column))

    def close(self) -> dict[str, int]:
        for f in self._files.values():
            f.close()
        return {str(f.path): f.rows for f in self._files.values()}
