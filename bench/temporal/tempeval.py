"""TempEval-3 Task A scorer for TIMEX3, reproducing the official toolkit's figures.

The official toolkit (tempeval3_toolkit by Naushad UzZaman: ``TE3-evaluation.py``, which runs
Hector Llorens's TimeML-Normalizer and then ``evaluation-entities/evaluate_entities.py``)
scores TIMEX3 in three steps. This module does the same in pure Python:

1. **Pairing (TimeML-Normalizer).** The TEXT of both documents is tokenised; each TIMEX3
   marks the tokens it covers (B on the token where its opening tag falls, I on the tokens
   after it up to the one holding its closing tag: a tag inside a token covers the whole
   token). Walking the tokens in order, a TIMEX3 that begins while a TIMEX3 of the other
   annotation is still open takes that one's id, unless that id is already taken in its own
   annotation. So a gold and a system TIMEX3 are paired when their tokens overlap (any
   overlap), greedily, first come first paired, each at most once. One quirk of the
   normaliser is kept: a TIMEX3 stays "open" across EVENT tokens that follow it directly.
   The DCT (the TIMEX3 in the DCT element) becomes ``t0`` and is not scored.
2. **Counting (evaluate_entities).** Every scored TIMEX3 with text counts once; a TIMEX3 that
   holds other tags, or that covers no token, is not counted (the toolkit's pattern skips
   it). Relaxed match: the gold and the system TIMEX3 are paired. Strict match: paired and
   the same text (for overlapping expressions: the same character span, which is what this
   module compares). Type and value are compared (exact strings) on every relaxed match.
3. **Figures (micro-averaged over all documents).**
   strict/relaxed precision = matches / system TIMEX3s, recall = matches / gold TIMEX3s,
   F1 = 2PR/(P+R); the attribute scores are the toolkit's "Attribute F1":
   ``value F1 = (value matches / relaxed matches) * relaxed F1``, the same for type.

Documents are read with :mod:`kb.timeml`, the reader ``kb timex --timeml`` uses, so character
offsets are over the text the tagger sees: the TEXT element's content with tags removed and
the XML entities decoded. Gold and system documents must have the same text;
:class:`TextMismatch` says where they differ.

The development/held-out split that both the tagger and the benchmark use is
:func:`is_held_out`: in each corpus, the documents sorted by file name, index % 4 == 3 held
out.
"""

from __future__ import annotations

import bisect
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from kb.timeml import Element, Markup, TimeMLError, read_source

__all__ = [
    "TimeMLError", "TextMismatch", "Element", "TimeMLDocument", "parse_timeml", "read_timeml",
    "tokenize", "pair", "Counts", "Scores", "count_document", "score", "score_directories",
    "is_held_out", "split", "corpus_files", "find_timeml_root", "system_timeml",
    "parse_official_scores", "CORPORA",
]

# The two corpora of the development data: (name, gold folder under tbaq/, HeidelTime folder
# under heideltime-tbaq/, the toolkit's scores file under heideltime-tbaq/).
CORPORA = (
    ("TimeBank", "TimeBank", "timebank", "scores-timebank.txt"),
    ("AQUAINT", "AQUAINT", "aquaint", "scores-aquaint.txt"),
)


class TextMismatch(TimeMLError):
    """Gold and system documents whose TEXT differs (the toolkit refuses to score them)."""

    def __init__(self, name: str, position: int, gold: str, system: str):
        self.name, self.position = name, position
        super().__init__(
            f"{name}: gold and system TEXT differ at character {position}: "
            f"gold {gold[position:position + 30]!r}, system {system[position:position + 30]!r}"
            f" (gold has {len(gold)} characters, system {len(system)})"
        )


# --------------------------------------------------------------------------------------------
# Reading TimeML (with kb.timeml; this adds the toolkit's well-formedness check)
# --------------------------------------------------------------------------------------------

class TimeMLDocument(Markup):
    """A document as the scorer reads it: any document with TEXT, its DCT as written (or None)."""

    @property
    def dct(self) -> str | None:
        """The DCT's value as written: the scorer needs only its tid, run.py makes a date of it."""
        return self.dct_value


def parse_timeml(source: str, name: str = "<string>", check_xml: bool = True) -> TimeMLDocument:
    """Read a TimeML document from its text (``name`` is used in messages).

    ``check_xml``: refuse a document that is not well-formed XML, as the toolkit does.
    """
    if check_xml:
        try:
            ET.fromstring(source.encode("utf-8"))
        except ET.ParseError as error:
            raise TimeMLError(f"{name}: not well-formed XML ({error})") from error
    return TimeMLDocument.from_source(source, name)


def read_timeml(path: str | Path, check_xml: bool = True) -> TimeMLDocument:
    """Read a TimeML file (UTF-8)."""
    return parse_timeml(read_source(Path(path)), Path(path).name, check_xml)


# --------------------------------------------------------------------------------------------
# Tokens (after the TreeTagger tokeniser the normaliser runs, English mode)
# --------------------------------------------------------------------------------------------

# cut off at the beginning / end of a word (with the Windows-1252 quotes and dashes as C1 codes)
_LEADING = set("[{(\u00b4`\"\u00bb\u00ab\x82\x84\x86\x87\x8b\x91\x92\x93\x94\x95\x96\x97\x9b")
_TRAILING = set("]}'`\"),;:!?%\u00bb\u00ab\x82\x84\x85\x86\x87\x89\x8b\x91\x92\x93\x94\x95\x96\x97\x9b")
_CLITIC = re.compile(r"(?<=.)(?:'(?:s|re|ve|d|m|em|ll)|n't)$", re.DOTALL)
_INITIALS = re.compile(r"(?:[A-Za-z\u00c0-\u00ff]\.)+")
_BREAKS = re.compile(
    r"\.\.\.|(?<=[;!?/])(?=\S)|(?<=,)(?=[^\s0-9.])|(?<=[A-Za-z\u00c0-\u00ff]{2}[.:])(?=[A-Z\u00c0-\u00dd])"
)


def _word_tokens(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    prefix: list[tuple[int, int]] = []
    suffix: list[tuple[int, int]] = []
    while True:
        if end - start >= 2 and text[start] in _LEADING:
            prefix.append((start, start + 1))
            start += 1
        elif end - start >= 2 and text[end - 1] in _TRAILING:
            suffix.insert(0, (end - 1, end))
            end -= 1
        elif end - start >= 2 and text[end - 1] == "." and text[end - 2] in _TRAILING:
            if end - start == 2:  # the word was only "X.": keep X, cut the period
                suffix.insert(0, (end - 1, end))
                end -= 1
            else:
                suffix[0:0] = [(end - 2, end - 1), (end - 1, end)]
                end -= 2
        else:
            break
    if not _INITIALS.fullmatch(text, start, end):
        if end - start >= 2 and text[end - 1] == "." and text[start:end] != "...":
            suffix.insert(0, (end - 1, end))
            end -= 1
        while True:
            clitic = _CLITIC.search(text[start:end])
            if clitic is None:
                break
            suffix.insert(0, (start + clitic.start(), end))
            end = start + clitic.start()
    yield from prefix
    if end > start:
        yield (start, end)
    yield from suffix


def tokenize(text: str) -> list[tuple[int, int]]:
    """Token spans (start, end) of ``text``, as the TempEval-3 toolkit's normaliser cuts it.

    Only where a token begins and ends matters to the scorer (an annotation that begins or
    ends inside a token covers the whole token), so this follows the toolkit's tokeniser in
    what it cuts off (brackets, quotes, punctuation, final periods, English clitics) without
    its abbreviation list.
    """
    tokens: list[tuple[int, int]] = []
    for chunk in re.finditer(r"\S+", text):
        cuts = [chunk.start()]
        for cut in _BREAKS.finditer(text, chunk.start(), chunk.end()):
            cuts.extend((cut.start(), cut.end()))
        cuts.append(chunk.end())
        cuts = sorted(set(cuts))
        for begin, finish in zip(cuts, cuts[1:], strict=False):
            if text[begin:finish] == "...":
                tokens.append((begin, finish))
            else:
                tokens.extend(_word_tokens(text, begin, finish))
    return tokens


# --------------------------------------------------------------------------------------------
# Pairing (the TimeML-Normalizer's id alignment) and counting (evaluate_entities)
# --------------------------------------------------------------------------------------------

def _labels(document: TimeMLDocument, tokens: list[tuple[int, int]]) -> list:
    """Per token: None (O) or (B/I, kind, TIMEX3 index), as the normaliser labels them.

    Elements are laid down in document order, so where two begin in the same token the
    later one has its B (the normaliser keeps the last tag of a token) and the other is lost.
    """
    labels: list = [None] * len(tokens)
    starts = [start for start, _ in tokens]
    ends = [end for _, end in tokens]

    elements = [(e, "TIMEX3", i) for i, e in enumerate(document.timexes)]
    elements += [(e, "EVENT", -1) for e in document.events]
    elements.sort(key=lambda item: (item[0].start, item[0].end))
    for element, kind, index in elements:
        k0 = bisect.bisect_right(ends, element.start)
        if k0 >= len(tokens) or tokens[k0][0] >= element.end:
            continue  # covers no token: the normaliser drops it
        k1 = bisect.bisect_left(starts, element.end) - 1
        labels[k0] = ("B", kind, index)
        for k in range(k0 + 1, k1 + 1):
            labels[k] = ("I", kind, index)
    return labels


def pair(gold: TimeMLDocument, system: TimeMLDocument) -> tuple[dict[int, int], set[int], set[int]]:
    """The toolkit's pairing of gold and system TIMEX3s (indices into ``.timexes``).

    Returns (gold index -> system index for paired TIMEX3s, gold indices the normaliser
    keeps, system indices it keeps).
    """
    tokens = tokenize(gold.text)
    annotations = (_labels(gold, tokens), _labels(system, tokens))
    open_id = [0, 0]
    used: tuple[set[int], set[int]] = (set(), set())
    ids: tuple[dict[int, int], dict[int, int]] = ({}, {})
    next_id = 1
    for k in range(len(tokens)):
        for a in (0, 1):
            label = annotations[a][k]
            if label is None or label[:2] == ("B", "TIMEX3"):
                open_id[a] = 0
        for a in (0, 1):
            label = annotations[a][k]
            if label is None or label[:2] != ("B", "TIMEX3"):
                continue
            new = next_id
            other = open_id[1 - a]
            if other and other not in used[a]:
                new = other
            open_id[a] = new
            used[a].add(new)
            if new == next_id:
                next_id += 1
            ids[a][label[2]] = new
    by_id = {number: index for index, number in ids[1].items()}
    pairs = {g: by_id[number] for g, number in ids[0].items() if number in by_id}
    return pairs, set(ids[0]), set(ids[1])


@dataclass
class Counts:
    """What the toolkit counts, summed over documents."""

    documents: int = 0
    gold: int = 0  # gold TIMEX3s
    system: int = 0  # system TIMEX3s
    strict_gold: int = 0  # gold TIMEX3s with a strict match (recall numerator)
    strict_system: int = 0  # system TIMEX3s with a strict match (precision numerator)
    relaxed_gold: int = 0
    relaxed_system: int = 0
    type: int = 0  # relaxed matches with the same type
    value: int = 0  # relaxed matches with the same value

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True)
class Scores:
    """TempEval-3 Task A TIMEX3 figures, in percent (as the toolkit prints them, unrounded)."""

    counts: Counts

    @property
    def strict_precision(self) -> float:
        return 100 * _ratio(self.counts.strict_system, self.counts.system)

    @property
    def strict_recall(self) -> float:
        return 100 * _ratio(self.counts.strict_gold, self.counts.gold)

    @property
    def strict_f1(self) -> float:
        return _f1(self.strict_precision, self.strict_recall)

    @property
    def relaxed_precision(self) -> float:
        return 100 * _ratio(self.counts.relaxed_system, self.counts.system)

    @property
    def relaxed_recall(self) -> float:
        return 100 * _ratio(self.counts.relaxed_gold, self.counts.gold)

    @property
    def relaxed_f1(self) -> float:
        if self.counts.gold == 0 and self.counts.system == 0:
            return 100.0  # the toolkit's convention for nothing to find and nothing found
        return _f1(self.relaxed_precision, self.relaxed_recall)

    @property
    def type_accuracy(self) -> float:
        return 100 * _ratio(self.counts.type, self.counts.relaxed_gold)

    @property
    def value_accuracy(self) -> float:
        return 100 * _ratio(self.counts.value, self.counts.relaxed_gold)

    @property
    def type_f1(self) -> float:
        """The toolkit's "Attribute F1" for type: type accuracy on relaxed matches x relaxed F1."""
        if self.counts.gold == 0 and self.counts.system == 0:
            return 100.0
        return self.type_accuracy * self.relaxed_f1 / 100

    @property
    def value_f1(self) -> float:
        """The toolkit's "Attribute F1" for value: value accuracy x relaxed F1."""
        if self.counts.gold == 0 and self.counts.system == 0:
            return 100.0
        return self.value_accuracy * self.relaxed_f1 / 100

    FIGURES = (
        "strict_precision", "strict_recall", "strict_f1",
        "relaxed_precision", "relaxed_recall", "relaxed_f1",
        "value_f1", "type_f1", "value_accuracy", "type_accuracy",
    )

    def as_dict(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in self.FIGURES}


def count_document(gold: TimeMLDocument, system: TimeMLDocument) -> Counts:
    """The toolkit's counts for one gold/system pair of documents."""
    if gold.text != system.text:
        position = next(
            (i for i, (g, s) in enumerate(zip(gold.text, system.text, strict=False)) if g != s),
            min(len(gold.text), len(system.text)),
        )
        raise TextMismatch(gold.name, position, gold.text, system.text)
    pairs, gold_kept, system_kept = pair(gold, system)

    def scored(document: TimeMLDocument, kept: set[int]) -> set[int]:
        # kept by the normaliser, not renamed to the DCT's t0, no tags inside
        return {
            i for i in kept
            if not document.timexes[i].nested
            and not (document.dct_tid and document.timexes[i].tid == document.dct_tid)
        }

    gold_scored, system_scored = scored(gold, gold_kept), scored(system, system_kept)
    counts = Counts(documents=1, gold=len(gold_scored), system=len(system_scored))
    for g, s in pairs.items():
        if g not in gold_scored or s not in system_scored:
            continue
        expected, found = gold.timexes[g], system.timexes[s]
        counts.relaxed_gold += 1
        counts.relaxed_system += 1
        if (expected.start, expected.end) == (found.start, found.end):
            counts.strict_gold += 1
            counts.strict_system += 1
        counts.type += expected.type == found.type
        counts.value += expected.value == found.value
    return counts


def score(documents: Iterable[tuple[TimeMLDocument, TimeMLDocument]]) -> Scores:
    """Micro-averaged figures over (gold, system) document pairs."""
    total = Counts()
    for gold, system in documents:
        total = total + count_document(gold, system)
    return Scores(total)


def score_directories(gold_dir: str | Path, system_dir: str | Path,
                      names: Sequence[str] | None = None) -> Scores:
    """Score every .tml of ``gold_dir`` (or only ``names``) against the same file name in
    ``system_dir``, as ``TE3-evaluation.py gold_dir system_dir`` does."""
    gold_dir, system_dir = Path(gold_dir), Path(system_dir)
    if names is None:
        names = sorted(path.name for path in gold_dir.glob("*.tml"))
    missing = [name for name in names if not (system_dir / name).is_file()]
    if missing:
        raise TimeMLError(f"{system_dir}: no system file for {len(missing)} gold documents: "
                          + ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else ""))
    return score((read_timeml(gold_dir / name), read_timeml(system_dir / name)) for name in names)


# --------------------------------------------------------------------------------------------
# The development / held-out split, and where the data is
# --------------------------------------------------------------------------------------------

def is_held_out(index: int) -> bool:
    """Whether the document at ``index`` (0-based, in its corpus's file names sorted) is held out.

    Every fourth document (index % 4 == 3) is held out of tuning: 45 of TimeBank's 183, 18 of
    AQUAINT's 73.
    """
    return index % 4 == 3


def split(names: Iterable[str]) -> tuple[list[str], list[str]]:
    """(development, held-out) file names of one corpus, each sorted."""
    ordered = sorted(names)
    development = [name for i, name in enumerate(ordered) if not is_held_out(i)]
    held_out = [name for i, name in enumerate(ordered) if is_held_out(i)]
    return development, held_out


def find_timeml_root() -> Path:
    """shared/timeml beside the repository (../shared/timeml), else /work/shared/timeml."""
    beside = Path(__file__).resolve().parents[3] / "shared" / "timeml"
    for candidate in (beside, Path("/work/shared/timeml")):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"no TimeML data: neither {beside} nor /work/shared/timeml exists")


def corpus_files(root: Path, corpus: str, part: str = "all") -> list[Path]:
    """The gold files of ``corpus`` ("TimeBank" or "AQUAINT") under ``root`` (shared/timeml):
    ``part`` is "all", "dev" or "held-out"."""
    folder = root / "tbaq" / corpus
    names = sorted(path.name for path in folder.glob("*.tml"))
    if not names:
        raise FileNotFoundError(f"{folder}: no .tml files")
    development, held_out = split(names)
    chosen = {"all": names, "dev": development, "held-out": held_out}[part]
    return [folder / name for name in chosen]


# --------------------------------------------------------------------------------------------
# Writing a system document
# --------------------------------------------------------------------------------------------

def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


def system_timeml(gold: TimeMLDocument, expressions: Iterable) -> tuple[str, int]:
    """The gold document with TEXT replaced by its plain text and ``expressions`` tagged.

    ``expressions`` have ``.start``, ``.end`` (offsets into ``gold.text``), ``.type`` and
    ``.value``; everything outside TEXT (the DCT too) is kept as it is. Expressions that are
    empty, out of range, or overlap one kept before them (by start, longer first) are
    dropped. Returns (the document, how many were dropped).
    """
    text = gold.text
    kept: list = []
    dropped = 0
    last_end = 0
    for expression in sorted(expressions, key=lambda e: (e.start, -e.end)):
        if not (0 <= expression.start < expression.end <= len(text)) or expression.start < last_end:
            dropped += 1
            continue
        kept.append(expression)
        last_end = expression.end
    pieces: list[str] = []
    position = 0
    for number, expression in enumerate(kept, 1):
        pieces.append(_escape(text[position:expression.start]))
        pieces.append(
            f'<TIMEX3 tid="t{number}" type="{_escape_attribute(str(expression.type))}" '
            f'value="{_escape_attribute(str(expression.value))}">'
        )
        pieces.append(_escape(text[expression.start:expression.end]))
        pieces.append("</TIMEX3>")
        position = expression.end
    pieces.append(_escape(text[position:]))
    source = gold.source[:gold.text_start] + "".join(pieces) + gold.source[gold.text_end:]
    return source, dropped


# --------------------------------------------------------------------------------------------
# The toolkit's own output
# --------------------------------------------------------------------------------------------

def parse_official_scores(output: str) -> dict[str, float]:
    """The TIMEX3 figures of a ``TE3-evaluation.py`` run (its printed output), in percent, and
    its counts (``gold``, ``system``, ``relaxed``, ``type``, ``value``) where printed."""
    figures: dict[str, float] = {}
    timex = output.split("=== Timex Performance ===", 1)
    if len(timex) != 2:
        raise ValueError("no '=== Timex Performance ===' section")
    lines = [line.strip() for line in timex[1].splitlines()]
    for i, line in enumerate(lines[:-1]):
        try:
            numbers = [float(x) for x in lines[i + 1].split()]
        except ValueError:
            continue
        if line.startswith("Strict Match") and len(numbers) == 3:
            figures.update(strict_f1=numbers[0], strict_precision=numbers[1], strict_recall=numbers[2])
        elif line.startswith("Relaxed Match") and len(numbers) == 3:
            figures.update(relaxed_f1=numbers[0], relaxed_precision=numbers[1], relaxed_recall=numbers[2])
        elif line.startswith("Attribute F1") and len(numbers) == 2:
            figures.update(value_f1=numbers[0], type_f1=numbers[1])
    detail = output.split("TIMEX FEATURE EXTRACTION PERFORMANCE", 1)
    if len(detail) == 2:
        block = detail[1].split("\n\n\n", 1)[0]
        patterns = {
            "gold": r"in gold data:\s*(\d+)",
            "system": r"in system data:\s*(\d+)",
            "relaxed": r"matching timex:\s*(\d+)",
            "type": r"matching type:\s*(\d+)",
            "value": r"matching value:\s*(\d+)",
        }
        for key, pattern in patterns.items():
            found = re.search(pattern, block)
            if found:
                figures[key] = int(found.group(1))
    missing = {"strict_f1", "relaxed_f1", "value_f1", "type_f1"} - figures.keys()
    if missing:
        raise ValueError(f"the TIMEX3 figures {sorted(missing)} are not in the output")
    return figures
