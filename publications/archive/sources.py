"""Where an import finds the manifest's files: a folder (the command) or a zip (the admin's upload).

Names are plain paths inside the source: an absolute name, ``..`` or a link out of the folder is refused, as is a
zip that would unpack to more than MAX_UNPACKED_BYTES or whose files compress suspiciously well (a zip bomb).
"""

import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings

MAX_UNPACKED_BYTES = 20 * 1024 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 50_000


class SourceError(Exception):
    """The folder or zip as a whole cannot be used; the message says why."""


class MissingFile(Exception):
    """A file the manifest names is not in the source, or its name is not allowed; the message says which."""


def safe_name(name):
    """``name`` as a relative POSIX path, or MissingFile when it points outside the source."""
    path = PurePosixPath(name.replace("\\", "/"))
    if not name or path.is_absolute() or ".." in path.parts or ":" in path.parts[0]:
        raise MissingFile(f"“{name}” is not a file name inside the folder of files.")
    return str(path)


def file_limit():
    return settings.PUBLICATIONS_PDF_MAX_SIZE


class DirectorySource:
    def __init__(self, directory):
        self.root = Path(directory).resolve()
        if not self.root.is_dir():
            raise SourceError(f"There is no folder {directory}.")

    def read(self, name):
        path = (self.root / safe_name(name)).resolve()
        if not path.is_relative_to(self.root):
            raise MissingFile(f"“{name}” is outside the folder of files.")
        if not path.is_file():
            raise MissingFile(f"There is no file “{name}” in the folder of files.")
        if path.stat().st_size > file_limit():
            raise MissingFile(f"“{name}” is larger than the {file_limit() // 1024 // 1024} MB a file may be.")
        return path.read_bytes()

    def size(self, name):
        try:
            return (self.root / safe_name(name)).stat().st_size
        except (OSError, MissingFile):
            return 0


class ZipSource:
    def __init__(self, file):
        try:
            self.zip = zipfile.ZipFile(file)
            members = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise SourceError("The file of PDFs is not a readable zip file.") from error
        if len(members) > MAX_MEMBERS:
            raise SourceError(f"The zip holds {len(members):,} files; at most {MAX_MEMBERS:,}.")
        if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
            raise SourceError("The zip would unpack to more than 20 GB; split the archive into several imports.")
        self.members = {}
        for member in members:
            if member.is_dir():
                continue
            name = PurePosixPath(member.filename.replace("\\", "/"))
            if name.is_absolute() or ".." in name.parts:
                raise SourceError(f"The zip holds “{member.filename}”, a name outside its own folder: refused.")
            if member.file_size > MAX_RATIO * max(member.compress_size, 1) and member.file_size > 1024 * 1024:
                raise SourceError(
                    f"“{member.filename}” in the zip compresses {member.file_size // max(member.compress_size, 1)} "
                    "to 1, which PDFs never do: the zip is refused as a possible zip bomb."
                )
            self.members[str(name)] = member

    def read(self, name):
        member = self.members.get(safe_name(name))
        if member is None:
            raise MissingFile(f"There is no file “{name}” in the zip.")
        if member.file_size > file_limit():
            raise MissingFile(f"“{name}” is larger than the {file_limit() // 1024 // 1024} MB a file may be.")
        with self.zip.open(member) as handle:
            # Read no more than the zip's directory promises, whatever the compressed stream holds.
            data = handle.read(member.file_size + 1)
        if len(data) != member.file_size:
            raise MissingFile(f"“{name}” in the zip is damaged.")
        return data

    def size(self, name):
        try:
            member = self.members.get(safe_name(name))
        except MissingFile:
            return 0
        return member.file_size if member else 0
