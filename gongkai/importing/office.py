"""Word 97-2003 (.doc) and WPS Office (.wps) files: LibreOffice turns them into .docx, which
then takes the .docx path (headings, bold headings, tables).

LibreOffice runs headless with a profile of its own in a temporary folder, so that it neither
touches the editor's profile nor waits for a LibreOffice window that is already open.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from gongkai.importing import programs
from gongkai.importing.reading import Reading, Unreadable
from gongkai.importing.word import read_docx

PACKAGE = "libreoffice-writer-nogui"
INSTALLED_AT = ("C:/Program Files/LibreOffice/program/soffice.exe",
                "/Applications/LibreOffice.app/Contents/MacOS/soffice")
TIMEOUT = 180  # seconds; the first start of LibreOffice with a new profile takes the longest


def read_office(path: Path) -> Reading:
    soffice = programs.find(["soffice", "libreoffice"], PACKAGE, INSTALLED_AT)
    with tempfile.TemporaryDirectory(prefix="gongkai-office-") as tmp:
        folder = Path(tmp)
        # a .wps from WPS Office is a Word 97 file inside; LibreOffice's own .wps filter is for
        # Microsoft Works, so the copy gets the suffix that says what it holds
        source = folder / f"source{'.doc' if path.suffix.lower() == '.wps' else path.suffix.lower()}"
        source.write_bytes(path.read_bytes())
        programs.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                      "--norestore", "--convert-to", "docx", "--outdir", folder / "out", source], TIMEOUT)
        converted = folder / "out" / "source.docx"
        if not converted.exists():
            raise Unreadable("office")
        return Reading(read_docx(converted))
