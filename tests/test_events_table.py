"""The events as a table: `kb export --format csv` and /export?format=csv, for spreadsheets and R."""

from __future__ import annotations

import csv
import io

from kb.cli import main
from kb.read.table import TABLE_COLUMNS, events_csv
from tests.helpers import app_over

A = "2021-03-05-turkey-azerbaijan"
ID = "https://w3id.org/eventkb/id/"
CEASEFIRE_QUOTE = "the pause in the Karabakh conflict, which halted officially with the Russian-brokered ceasefire of November"
HOSTILE = """@prefix ekb: <https://w3id.org/eventkb/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://example.org/e1> a ekb:Talks ; rdfs:label "=HYPERLINK(\\"http://evil.example\\",\\"click\\")" ; ekb:undated true .
<http://example.org/e2> a ekb:Talks ; rdfs:label "Talks, with \\"quotes\\"\\nand a new line" ; ekb:undated true .
"""


def _rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == TABLE_COLUMNS
    return list(reader)


def test_every_seed_event_is_a_row_in_timeline_order(seeded_kb):
    rows = _rows(events_csv(seeded_kb))
    assert len(rows) == 44 and len({row["id"] for row in rows}) == 44
    ceasefire = next(row for row in rows if row["id"] == f"{ID}event/{A}/ceasefire")
    assert (ceasefire["types"], ceasefire["status"], ceasefire["begin"], ceasefire["end"], ceasefire["precision"],
            ceasefire["timeValue"]) == ("ceasefire", "happened", "2020-11-01", "2020-11-30", "month", "2020-11")
    assert "Russia (mediator)" in ceasefire["actors"].split("; ")
    assert ceasefire["sources"] == f"{ID}article/{A}"
    assert ceasefire["evidence"].split("\n") == [CEASEFIRE_QUOTE]
    dated = [row for row in rows if row["begin"] or row["end"]]
    begins = [row["begin"] for row in dated if row["begin"]]
    assert begins == sorted(begins), "dated events by begin"
    assert all(row["timeText"] == "" or row["timeValue"] for row in rows)


def test_the_cli_writes_one_graph_or_everything(runner, tmp_path):
    assert runner.invoke(main, ["load"]).exit_code == 0
    out = tmp_path / "events.csv"
    result = runner.invoke(main, ["export", "--format", "csv", "--graph", A, "-o", str(out)])
    assert result.exit_code == 0
    assert len(_rows(out.read_text(encoding="utf-8"))) == 44
    assert len(_rows(runner.invoke(main, ["export", "--format", "csv"]).output)) == 44
    unknown = runner.invoke(main, ["export", "--format", "csv", "--graph", "no-such-article"])
    assert unknown.exit_code == 1 and "no article or file 'no-such-article'" in unknown.output


def test_the_web_download_and_what_a_spreadsheet_would_run(tmp_path):
    with app_over(tmp_path, "hostile.ttl", HOSTILE, seed=True) as app:
        client = app.test_client()
        response = client.get("/export?format=csv")
        assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
        assert 'filename="eventkb.csv"' in response.headers["Content-Disposition"]
        rows = _rows(response.get_data(as_text=True))
        assert len(rows) == 46
        labels = {row["id"]: row["label"] for row in rows}
        assert labels["http://example.org/e1"].startswith("'=HYPERLINK("), "a formula is written as text"
        assert labels["http://example.org/e2"] == 'Talks, with "quotes"\nand a new line', "quoting keeps the text whole"
        only = client.get("/export?format=csv&graph=hostile.ttl")
        assert only.status_code == 200 and len(_rows(only.get_data(as_text=True))) == 2
        assert "csv" in client.get("/export").get_data(as_text=True)
