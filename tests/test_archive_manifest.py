"""Reading manifests (CSV and JSON) and their files: whole-file problems get a clear message, never a traceback."""

import io
import json
import zipfile

import pytest

from publications.archive.body import body_text, parse_body
from publications.archive.manifest import ManifestError, read_manifest
from publications.archive.progress import ProgressBar
from publications.archive.sources import DirectorySource, MissingFile, SourceError, ZipSource
from publications.pages.blocks import BodyBlock

from .archive_helpers import add_pdfs, import_publications, row, write_manifest
from .factories import TopicFactory

HEADER = "title,publication_date,summary,pdf\n"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            HEADER.encode() + "Café,2021-01-01,S,a.pdf\n".encode("latin-1"),
            "m.csv",
            "The manifest is not UTF-8 (line 2, byte 39 cannot be read). Save it as “CSV UTF-8”.",
        ),
        (
            HEADER.encode() + b"A\x00,2021-01-01,S,a.pdf\n",
            "m.csv",
            "The manifest contains NUL bytes: it is not a text file. Save it as UTF-8 CSV or JSON.",
        ),
        (b"title,summary\nA,S\n", "m.csv", "The manifest has no publication_date, pdf column."),
        (
            HEADER.replace("pdf", "pdf,colour").encode(),
            "m.csv",
            "Unknown column colour; the columns are title, publication_date, summary, topics, authors, "
            "organisation_authors, type, series, part, pdf, cover, cover_description, body, related, status.",
        ),
        (b'[{"title": ', "m.json", "The JSON cannot be read at line 1: Expecting value."),
        (b'{"title": "A"}', "m.json", "The JSON must be a list of objects, one per publication."),
        (b"x" * (20 * 1024 * 1024 + 1), "m.csv", "The manifest is 20,971,521 bytes; it can be at most 20,971,520."),
    ],
)
def test_a_manifest_that_cannot_be_read_says_why(data, name, message):
    with pytest.raises(ManifestError) as raised:
        read_manifest(data, name)
    assert str(raised.value) == message


def test_json_rows_are_read_as_csv_rows_are():
    data = json.dumps(
        [
            {
                "title": "A",
                "publication_date": "2021-01-01",
                "summary": "S",
                "pdf": "a.pdf",
                "topics": ["Funding", "Governance"],
                "type": "brief",
                "series": "S",
                "part": 2,
            }
        ]
    )
    csv_data = (
        HEADER.replace("pdf", "pdf,topics,type,series,part") + "A,2021-01-01,S,a.pdf,Funding;Governance,brief,S,2\n"
    )

    (from_json,), (from_csv,) = read_manifest(data.encode(), "m.json"), read_manifest(csv_data.encode(), "m.csv")

    assert from_json == from_csv
    assert (from_json.topics, from_json.part, from_json.errors) == (["Funding", "Governance"], 2, [])


def test_a_nul_character_in_json_is_a_refused_row():
    data = json.dumps([{"title": "A\u0000B", "publication_date": "2021-01-01", "summary": "S", "pdf": "a.pdf"}])

    (row,) = read_manifest(data.encode(), "m.json")

    assert [str(error) for error in row.errors] == ["row 2, title “AB”: Contains a NUL character; remove it."]


@pytest.mark.django_db
def test_a_manifest_error_stops_the_command_with_its_message(tmp_path, index):
    (tmp_path / "manifest.csv").write_bytes(b"title\n")
    (tmp_path / "files").mkdir()

    output, error = import_publications(tmp_path / "manifest.csv", tmp_path / "files")

    assert (output, error) == ("", "The manifest has no publication_date, summary, pdf column.")


@pytest.mark.django_db
def test_a_file_name_outside_the_folder_is_refused(tmp_path, index):
    TopicFactory(name="Funding")
    rows = [row("Escape", pdf="../secret.pdf"), row("Absolute", pdf="/etc/passwd")]
    add_pdfs(tmp_path, [row("Secret", pdf="secret.pdf")])
    (tmp_path / "files").mkdir()

    output, _ = import_publications(write_manifest(tmp_path / "manifest.csv", rows), tmp_path / "files")

    assert output.splitlines() == [
        "row 2, pdf “../secret.pdf”: “../secret.pdf” is not a file name inside the folder of files.",
        "row 3, pdf “/etc/passwd”: “/etc/passwd” is not a file name inside the folder of files.",
        "2 rows: 0 created, 0 updated, 0 unchanged, 2 refused.",
    ]


def zipped(*members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def test_a_zip_gives_its_files_by_name():
    source = ZipSource(zipped(("pdfs/a.pdf", b"%PDF-1.4 a")))
    assert source.read("pdfs/a.pdf") == b"%PDF-1.4 a"
    assert source.size("pdfs/a.pdf") == 10
    with pytest.raises(MissingFile, match="There is no file “b.pdf” in the zip."):
        source.read("b.pdf")


@pytest.mark.parametrize(
    ("archive", "message"),
    [
        (
            zipped(("../../etc/cron.d/x", b"x")),
            "The zip holds “../../etc/cron.d/x”, a name outside its own folder: refused.",
        ),
        (
            zipped(("bomb.pdf", b"\0" * (8 * 1024 * 1024))),
            "“bomb.pdf” in the zip compresses 1028 to 1, which PDFs never do: the zip is refused as a possible "
            "zip bomb.",
        ),
        (io.BytesIO(b"PK\x03\x04 not a zip"), "The file of PDFs is not a readable zip file."),
    ],
)
def test_a_dangerous_or_broken_zip_is_refused(archive, message):
    with pytest.raises(SourceError) as raised:
        ZipSource(archive)
    assert str(raised.value) == message


def test_a_folder_that_does_not_exist_is_refused(tmp_path):
    with pytest.raises(SourceError, match="There is no folder"):
        DirectorySource(tmp_path / "nowhere")


def test_body_text_round_trips_each_kind_of_block():
    text = "! Lead.\n\nPlain & simple.\n\n### Sub\n\n> Quoted.\n— Someone\n\nWe explore:\n- One\n- Two\n\n- Bare"
    blocks = parse_body(text)

    assert [block["type"] for block in blocks] == ["summary", "paragraph", "heading", "quote", "explore", "explore"]
    assert blocks[1]["value"] == "<p>Plain &amp; simple.</p>"
    assert blocks[5]["value"] == {"introduction": "Download our paper to explore:", "items": ["Bare"]}
    stream = BodyBlock().to_python(blocks)
    assert body_text(stream) == text.replace("\n\n- Bare", "\n\nDownload our paper to explore:\n- Bare")


def test_the_progress_bar_shows_rows_bytes_rate_and_time_left():
    written, now = [], [100.0]
    bar = ProgressBar(4, 4 * 1024 * 1024, written.append, clock=lambda: now[0])
    now[0] = 102.0
    bar(None, 1024 * 1024)
    now[0] = 102.1
    bar(None, 1024 * 1024)  # too soon to redraw
    now[0] = 104.0
    bar(None, 1024 * 1024)
    bar(None, 1024 * 1024)  # the last row is always drawn, and ends the line

    assert written == [
        "\r[########......................] 1/4 rows, 1.0 MB of 4.0 MB, 0.5 rows/s, 6 s left",
        "\r[######################........] 3/4 rows, 3.0 MB of 4.0 MB, 0.8 rows/s, 1 s left",
        "\r[##############################] 4/4 rows, 4.0 MB of 4.0 MB, 1.0 rows/s, 0 s left\n",
    ]
