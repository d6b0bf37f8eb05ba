"""An import's checking pass, as a stream of messages the writing pass consumes.

The checking pass parses and validates every row and keeps what spans rows in a `FileLedger`.
It says what it finds as messages, in this order:

- ``("rows", rows, checked, total, problems)``: a chunk of valid rows in file order, how many
  records were read so far (of about ``total``) and how many problems were found so far;
- ``("checked", problems, shared)``: once the file is read, every problem in it and the people
  named by several rows;
- ``("cases", [(case key, plan), ...])``: what the rows say of each case, a chunk of cases at a
  time, in the order the file first names them;
- ``("end",)``.

On a machine with more than one core a large file is checked in a child process
(`checked_in_child`), so that parsing runs beside the writing of the rows already checked; the
messages are the same either way. The child writes them to a pipe: if the importing process
dies, the child's next write fails and it exits.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
from collections.abc import Generator
from pathlib import Path
from typing import Any, BinaryIO

from nsdocket.ingest.csvfile import count_lines
from nsdocket.ingest.cycles import without_cycle_collection
from nsdocket.ingest.errors import ImportFailed
from nsdocket.ingest.file_ledger import FileLedger
from nsdocket.ingest.seed_rows import SeedReader, SeedRow
from nsdocket.reference import load_lawbook

Message = tuple[Any, ...]

#: Rows per ``rows`` message (and per chunk of the writing pass).
CHUNK_ROWS = 2000
#: Files from this size are checked in a child process when there is a second core: below it,
#: starting the child (about half a second) costs more than running beside the writer saves.
CHILD_MIN_BYTES = 4_000_000
_FRAME = struct.Struct("!Q")


def check_messages(path: Path, chunk: int = CHUNK_ROWS) -> Generator[Message, None, None]:
    """The checking pass of ``path``, in this process.

    Raises:
        ImportFailed: a file that cannot be read at all or has a wrong header (before the first
            message); problems in rows are listed in the ``checked`` message instead.
    """
    with FileLedger(path.name) as ledger:
        reader = SeedReader(path, load_lawbook(), row_ids=ledger.record_id)
        total = max(count_lines(path) - 1, 1)
        pending: list[SeedRow] = []
        for row in reader:
            ledger.add(row)
            pending.append(row)
            if len(pending) >= chunk:
                yield ("rows", pending, reader.csv.records, total, _found(reader))
                pending = []
        if pending:
            yield ("rows", pending, reader.csv.records, total, _found(reader))
        yield ("checked", [*reader.problems, *ledger.problems()], ledger.shared_defendants())
        for plans in ledger.case_plans():
            yield ("cases", plans)
    yield ("end",)


def _found(reader: SeedReader) -> int:
    return len(reader.problems) + len(reader.csv.problems)


def use_child(path: Path) -> bool:
    """Whether `import_cases` checks ``path`` in a child process by default."""
    try:
        size = path.stat().st_size
    except OSError:
        return False
    return (os.cpu_count() or 1) > 1 and size >= CHILD_MIN_BYTES


def checked_in_child(path: Path, chunk: int = CHUNK_ROWS) -> Generator[Message, None, None]:
    """The messages of `check_messages`, from a child process checking ``path``.

    Raises:
        ImportFailed: as `check_messages` does.
        RuntimeError: when the child fails or stops without finishing.
    """
    read_end, write_end = os.pipe()
    child = subprocess.Popen(
        [sys.executable, "-m", "nsdocket.ingest.checking", str(path), str(write_end), str(chunk)],
        pass_fds=(write_end,),
        stdin=subprocess.DEVNULL,
    )
    os.close(write_end)
    pipe = os.fdopen(read_end, "rb", buffering=1 << 20)
    try:
        while True:
            message = _receive(pipe)
            if message is None:
                raise RuntimeError(
                    f"checking {path.name} stopped unexpectedly (exit status {child.wait()})"
                )
            if message[0] == "failed":
                raise ImportFailed(message[1])
            if message[0] == "error":
                raise RuntimeError(f"checking {path.name} failed:\n{message[1]}")
            yield message
            if message[0] == "end":
                return
    finally:
        pipe.close()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _receive(pipe: BinaryIO) -> Message | None:
    header = pipe.read(_FRAME.size)
    if len(header) < _FRAME.size:
        return None
    (size,) = _FRAME.unpack(header)
    body = pipe.read(size)
    if len(body) < size:
        return None
    message: Message = pickle.loads(body)  # written by our own child process
    return message


def _send(pipe: BinaryIO, message: Message) -> None:
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.write(_FRAME.pack(len(body)))
    pipe.write(body)


def _child_main(argv: list[str]) -> int:
    path, fd, chunk = Path(argv[0]), int(argv[1]), int(argv[2])
    with without_cycle_collection(), os.fdopen(fd, "wb", buffering=1 << 20) as pipe:
        try:
            for message in check_messages(path, chunk):
                _send(pipe, message)
                if message[0] != "rows":
                    pipe.flush()
        except ImportFailed as failed:
            _send(pipe, ("failed", failed.problems))
        except BrokenPipeError:
            return 1  # the importing process has gone
        except Exception:
            import traceback

            _send(pipe, ("error", traceback.format_exc()))
        pipe.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
