"""The TBAQ news documents the extraction is scored on, read from ../shared/timeml as articles.

The texts are research data and stay where they are: each run turns a TimeML document into an
article in the header format (its TITLE, its creation date as the publication date, the TEXT
as the body) in a scratch folder, beside a copy of its curated sidecar from sidecars/. The
split was fixed before any extraction rule was written: the tuning documents may be looked at
while improving the extractor, the untouched and the fresh ones never.

    python bench/extraction/tbaq.py DIR    # write the articles (and their sidecars) into DIR
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from kb.timeml import read

TIMEML = Path(__file__).resolve().parents[3] / "shared" / "timeml" / "tbaq"
SIDECARS = Path(__file__).resolve().parent / "sidecars"

TUNING = (
    "AQUAINT/APW19980813.1117", "AQUAINT/XIE19980814.0294", "AQUAINT/APW19980911.0475",
    "AQUAINT/APW20000328.0257", "TimeBank/APW19980227.0494", "AQUAINT/XIE19990313.0229",
)
UNTOUCHED = (
    "TimeBank/APW19980308.0201", "TimeBank/VOA19980303.1600.0917", "TimeBank/APW19980301.0720",
    "AQUAINT/XIE19980821.0077",
)
FRESH = (
    "AQUAINT/NYT19981025.0188", "TimeBank/APW19980227.0487", "TimeBank/wsj_1006", "AQUAINT/APW19980930.0425",
)
"""Annotated after the untouched set had been scored once (drawn at random by length, 250-700
words, from the rest): never looked at while tuning and scored only for reporting."""
FRESH_2 = (
    "TimeBank/wsj_0533", "AQUAINT/APW20000115.0031", "AQUAINT/XIE19980812.0062", "TimeBank/wsj_0927",
)
"""Drawn the same way after the fresh set had been scored, annotated while the rules went on being
written on the tuning set only, and scored once at the end."""
FRESH_3 = (
    "TimeBank/wsj_1013", "TimeBank/APW19980322.0749", "TimeBank/wsj_0675", "TimeBank/wsj_0950",
)
"""Drawn the same way after fresh-2 had been scored, annotated while the last rules were written, scored once."""
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)


def article_name(document: str) -> str:
    """The article's file stem: the document's name with dots made hyphens (the slug stays readable)."""
    return Path(document).name.replace(".", "-").lower()


def article_text(document: str) -> str:
    """The document as an article in the header format; the body is TEXT with its lines as they are."""
    path = TIMEML / f"{document}.tml"
    timeml = read(path)
    title = _TITLE.search(timeml.source)
    headline = (" ".join(title.group(1).split()) if title else "") or Path(document).name
    return f"Title: {headline}\nDate: {timeml.dct.isoformat()}\nSource: TBAQ {document}\n\n{timeml.text.strip()}\n"


def write_articles(target: Path, documents: tuple[str, ...] = TUNING + UNTOUCHED + FRESH + FRESH_2 + FRESH_3) -> list[Path]:
    """Write each document as ``NAME.txt`` (and its sidecar as ``NAME.toml`` where there is one) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for document in documents:
        name = article_name(document)
        article = target / f"{name}.txt"
        article.write_text(article_text(document), encoding="utf-8")
        sidecar = SIDECARS / f"{name}.toml"
        if sidecar.exists():
            shutil.copyfile(sidecar, target / f"{name}.toml")
        written.append(article)
    return written


if __name__ == "__main__":
    for written_path in write_articles(Path(sys.argv[1])):
        print(written_path)
