"""Reading an import's bytes: an uploaded file from the file storage, or one entry of an
uploaded zip archive (with limits on entries, sizes and ratio), `.gz` unpacked. Every file is
capped at 25 MB unpacked before it is read; every failure is a `BadFile` with the report's
sentence, whatever the decompressor raised (`zlib.error`, `lzma.LZMAError`, …)."""

import contextlib
import gzip
import io
import zipfile

from .activityfiles import BadFile
from .models import ImportItem

ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx")
MAX_FILE_BYTES = 25 * 1024 * 1024  # one activity file, unpacked
MAX_ENTRIES = 5000  # entries in one archive
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024  # all of an archive's activity files, unpacked
MAX_RATIO = 100  # unpacked / packed size of an archive entry: more is a bomb
TOO_LARGE = "The file is larger than 25 MB unpacked: RunReady reads activity files up to 25 MB."


ARCHIVE_SUFFIX = ".zip"


def is_archive(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIX)


def activity_name(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(ACTIVITY_SUFFIXES) or lower.endswith(
        tuple(s + ".gz" for s in ACTIVITY_SUFFIXES)
    )


def list_entries(archive: ImportItem) -> list[zipfile.ZipInfo]:
    """The archive's activity files, checked against the limits before anything is unpacked."""
    try:
        with archive.upload.open("rb") as stream, zipfile.ZipFile(stream) as opened:
            entries = [e for e in opened.infolist() if not e.is_dir()]
    except Exception as error:  # BadZipFile, a bad header's ValueError or EOFError, storage
        raise BadFile("Not a readable zip archive.") from error
    if len(entries) > MAX_ENTRIES:
        raise BadFile(f"The archive has more than {MAX_ENTRIES} files.")
    wanted = [e for e in entries if activity_name(e.filename)]
    if sum(e.file_size for e in wanted) > MAX_UNPACKED_BYTES:
        raise BadFile("The archive unpacks to more than 1 GB: not imported.")
    return wanted


def entry_problem(entry: zipfile.ZipInfo) -> str:
    """Why an entry is refused before it is read, or ""."""
    if entry.file_size > MAX_FILE_BYTES:
        return TOO_LARGE
    if entry.compress_size and entry.file_size / entry.compress_size > MAX_RATIO:
        return "The file unpacks far beyond its size (a zip bomb?)."
    return ""


class Reader:
    """Opens each archive once for all the entries of a chunk that come from it."""

    def __init__(self) -> None:
        self._stack = contextlib.ExitStack()
        self._archives: dict[int, zipfile.ZipFile] = {}

    def __enter__(self) -> "Reader":
        return self

    def __exit__(self, *exc) -> None:
        self._stack.close()

    def read(self, item: ImportItem) -> tuple[str, bytes]:
        """The file's name (without `.gz`) and its bytes, at most 25 MB."""
        if item.archive_id is None:
            if item.upload.size > MAX_FILE_BYTES:
                raise BadFile(TOO_LARGE)
            with item.upload.open("rb") as stream:
                data = stream.read(MAX_FILE_BYTES + 1)
        else:
            data = self._entry(item)
        if len(data) > MAX_FILE_BYTES:  # a header's size may lie
            raise BadFile(TOO_LARGE)
        return gunzip(item.name, data)

    def _entry(self, item: ImportItem) -> bytes:
        if item.archive_id is None or item.archive is None:  # an entry always has its archive
            raise BadFile("The archive this file came in is gone.")
        opened = self._archives.get(item.archive_id)
        if opened is None:
            stream = self._stack.enter_context(item.archive.upload.open("rb"))
            opened = self._stack.enter_context(zipfile.ZipFile(stream))
            self._archives[item.archive_id] = opened
        try:
            with opened.open(item.entry) as stream:
                return stream.read(MAX_FILE_BYTES + 1)
        except Exception as error:  # zlib.error, lzma.LZMAError, BadZipFile, a password, …
            raise BadFile("The archive entry is damaged or encrypted.") from error


def gunzip(name: str, data: bytes) -> tuple[str, bytes]:
    if not name.lower().endswith(".gz"):
        return name, data
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            content = stream.read(MAX_FILE_BYTES + 1)
    except Exception as error:  # OSError, EOFError, zlib.error
        raise BadFile("The .gz file is damaged.") from error
    if len(content) > MAX_FILE_BYTES:
        raise BadFile(TOO_LARGE)
    return name[:-3], content
