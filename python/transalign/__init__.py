"""transalign in Python: what corresponds to what across languages.

The same jobs as the ``transalign`` command line, with its results byte for
byte (the module is the Rust library, built with PyO3):

>>> import transalign
>>> a = transalign.align("corpora/udhr/nld.md", "corpora/udhr/fra.md", src_lang="nl", tgt_lang="fr")
>>> a.links[0]                                  # doctest: +SKIP
Link(src=[0], tgt=[0], confidence=1.0)
>>> import pandas; pandas.DataFrame(a.to_records())   # doctest: +SKIP

* :func:`align`: two texts (files, or lists of sentences) into an
  :class:`Alignment` (``transalign align``).
* :func:`read`: a page or text into a :class:`Document` (``transalign tei``).
* :func:`titles`: one page's title alignment (``transalign titles --format json``).
* :func:`report`: the coverage report over pages (``transalign report --format json``).

Bad input raises :class:`TransalignError` with the CLI's message
(``file:line:col: what``). Alignment, reading and reports release the GIL,
so threads align in parallel.
"""

from __future__ import annotations

import html as _html
import json as _json
import os
import warnings as _warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Union, cast

from . import _transalign
from ._transalign import FORMATS, SYNTAXES, TransalignError, __version__

if TYPE_CHECKING:
    from ._transalign import NativeAlignment, NativeDocument

__all__ = [
    "Alignment",
    "Document",
    "FORMATS",
    "Link",
    "SYNTAXES",
    "TransalignError",
    "align",
    "read",
    "report",
    "titles",
    "__version__",
]

PathLike = Union[str, "os.PathLike[str]"]
"""A file path: a ``str`` or a :class:`pathlib.Path`."""

Texts = Union[PathLike, Sequence[str]]
"""One side of a pair: a file path, or the sentences themselves (one segment each)."""


@dataclass(frozen=True)
class Link:
    """One link (a bead): source and target segment indices (0-based,
    ascending; either may be empty for an unaligned segment) and the
    aligner's confidence in it, numbered as the CLI's ``--format beads``."""

    src: List[int]
    tgt: List[int]
    confidence: float


class Alignment:
    """Two texts and their links, as ``transalign align`` makes them.

    ``links`` are in text order; ``src_sentences`` and ``tgt_sentences`` are
    the segments the indices point into; ``to_string(format)`` gives any
    CLI format's bytes as text; ``warnings`` what the CLI warns about.
    """

    __slots__ = (
        "_native",
        "links",
        "src_ids",
        "src_sentences",
        "tgt_ids",
        "tgt_sentences",
        "src_lang",
        "tgt_lang",
        "warnings",
    )

    def __init__(self, native: "NativeAlignment") -> None:
        self._native = native
        self.links: List[Link] = [Link(list(s), list(t), c) for s, t, c in native.links()]
        src = native.segments(True)
        tgt = native.segments(False)
        self.src_ids: List[str] = [i for i, _ in src]
        self.src_sentences: List[str] = [t for _, t in src]
        self.tgt_ids: List[str] = [i for i, _ in tgt]
        self.tgt_sentences: List[str] = [t for _, t in tgt]
        langs = native.langs()
        self.src_lang: str = langs[0]
        self.tgt_lang: str = langs[1]
        #: What makes the result weaker or doubtful: a guessed language,
        #: no dictionary for the pair, texts of very different lengths
        #: (the warnings the CLI prints on standard error).
        self.warnings: List[str] = native.warnings()

    def __len__(self) -> int:
        return len(self.links)

    def __repr__(self) -> str:
        return f"<transalign.Alignment {self.src_lang}→{self.tgt_lang}: {self.summary()}>"

    def summary(self) -> str:
        """One line: segments, links, links by type (the CLI's closing line)."""
        return self._native.summary()

    def to_string(self, format: str = "beads") -> str:
        """The alignment in ``format``, the text ``transalign align --format
        FORMAT`` prints: one of ``beads``, ``tsv``, ``tmx``, ``tei``,
        ``json``, ``html``, ``text``. ``xces`` and ``moses`` make several
        files: :meth:`to_files` or :meth:`write` give them."""
        return self._native.to_string(format)

    def write(self, path: PathLike, format: Optional[str] = None) -> List[str]:
        """Write the alignment as ``transalign align --format FORMAT -o PATH``
        does (any format; ``moses`` takes ``PATH`` as the prefix of its two
        files); returns the files written. Without ``format``, the one
        ``PATH``'s extension names, as the CLI's ``-o`` (``out.tmx`` is TMX,
        ``.txt`` text, ``.htm`` HTML; ``.xml``, TEI or XCES, raises
        ``ValueError``), else ``beads``."""
        if format is None:
            format = _format_of_path(path)
        return [os.fspath(p) for p in self._native.write(os.fspath(path), format)]

    def to_files(self, format: str, name: str = "alignment") -> Dict[str, str]:
        """Every format as ``{file name: content}``: what :meth:`write` to
        ``name`` (a bare file name) puts in each file, e.g. for ``xces`` the
        alignment and its two sentence files."""
        import tempfile

        if os.path.basename(name) != name or name in ("", ".", ".."):
            raise ValueError(f"name {name!r}: a bare file name, without a directory")
        with tempfile.TemporaryDirectory() as d:
            written = self.write(os.path.join(d, name), format)
            out = {}
            for p in written:
                with open(p, encoding="utf-8", newline="") as f:
                    out[os.path.basename(p)] = f.read()
            return out

    def to_records(self) -> List[Dict[str, Any]]:
        """One dict per link, which ``pandas.DataFrame`` takes as is:
        ``link`` (1-based, as the text view numbers them), ``src``/``tgt``
        (indices), ``src_ids``/``tgt_ids``, ``src_text``/``tgt_text``
        (the segments joined by a space, empty for none) and ``confidence``."""
        rows = []
        for n, link in enumerate(self.links, 1):
            rows.append(
                {
                    "link": n,
                    "src": list(link.src),
                    "tgt": list(link.tgt),
                    "src_ids": [self.src_ids[i] for i in link.src],
                    "tgt_ids": [self.tgt_ids[i] for i in link.tgt],
                    "src_text": " ".join(self.src_sentences[i] for i in link.src),
                    "tgt_text": " ".join(self.tgt_sentences[i] for i in link.tgt),
                    "confidence": link.confidence,
                }
            )
        return rows

    def _repr_html_(self, rows: int = 20) -> str:
        """The side-by-side view in Jupyter: the first ``rows`` links and the link count."""
        e = _html.escape
        head = (
            f"<p><b>{len(self.links)} links</b>, {e(self.src_lang)} → {e(self.tgt_lang)} "
            f"({e(self.summary())})</p>"
        )
        cells = []
        for r in self.to_records()[:rows]:
            low = ' style="background:#fff3cd"' if r["confidence"] < 0.5 else ""
            cells.append(
                f"<tr{low}><td>{r['link']}</td><td>{e(r['src_text'])}</td>"
                f"<td>{e(r['tgt_text'])}</td><td>{r['confidence']:.3f}</td></tr>"
            )
        more = len(self.links) - rows
        tail = f"<p>… and {more} more links</p>" if more > 0 else ""
        table = (
            '<table class="transalign"><thead><tr><th>#</th>'
            f"<th>{e(self.src_lang)}</th><th>{e(self.tgt_lang)}</th><th>confidence</th></tr></thead>"
            f"<tbody>{''.join(cells)}</tbody></table>"
        )
        return head + table + tail


class Document:
    """A page or text read into transalign's document model, as ``transalign tei`` reads it."""

    __slots__ = ("_native", "title", "lang")

    def __init__(self, native: "NativeDocument") -> None:
        self._native = native
        self.title: Optional[str] = native.title()
        self.lang: Optional[str] = native.lang()

    def __repr__(self) -> str:
        return f"<transalign.Document {self.title!r} ({self.lang}): {len(self.bibl)} bibliographic entries>"

    def to_tei(self) -> str:
        """TEI P5 XML, the text ``transalign tei`` writes."""
        return self._native.to_tei()

    @property
    def sentences(self) -> List[str]:
        """The segments the aligner would align: headings, sentences, list items, in order."""
        return [t for _, t in self._native.sentences()]

    @property
    def sentence_ids(self) -> List[str]:
        """The ids of :attr:`sentences` (the TEI's ``xml:id``s)."""
        return [i for i, _ in self._native.sentences()]

    @property
    def bibl(self) -> List[Dict[str, Any]]:
        """The bibliographic entries, one dict each (title, lang, year, place, publisher, …)."""
        return cast(List[Dict[str, Any]], _json.loads(self._native.bibl_json()))


def align(
    src: Texts,
    tgt: Texts,
    *,
    src_lang: Optional[str] = None,
    tgt_lang: Optional[str] = None,
    segmented: bool = False,
    dictionary: Union[None, bool, PathLike, Sequence[PathLike]] = None,
    syntax: Optional[str] = None,
) -> Alignment:
    """Align two texts, as ``transalign align SRC TGT`` does.

    ``src`` and ``tgt`` are file paths (any syntax the CLI reads), or lists
    of sentences (one segment each). ``src_lang``/``tgt_lang`` are ISO
    639 codes (detected when ``None``); ``segmented=True`` reads files one
    segment per line; ``dictionary`` is ``None`` (looked up as the CLI
    does), ``False`` (none: ``--no-dict``) or one or more files
    (``--dict``); ``syntax`` is ``--input-format``. The GIL is released
    while the texts are read and aligned.

    Raises :class:`TransalignError` on bad input (the CLI's message).
    """
    return Alignment(
        _transalign.align(
            _side(src, "src"),
            _side(tgt, "tgt"),
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            segmented=segmented,
            dictionary=_dictionary(dictionary),
            syntax=syntax,
        )
    )


def read(path_or_text: Union[PathLike, str], *, syntax: Optional[str] = None) -> Document:
    """Read an author page (Markdown, DokuWiki, MediaWiki, HTML, TEI, EPUB,
    DOCX, text), as ``transalign tei`` reads it.

    A :class:`pathlib.Path`, or a ``str`` without a line break, is a file
    path; a ``str`` with a line break is the page itself (its syntax
    ``syntax``, or the one its content shows).
    """
    if isinstance(path_or_text, str) and ("\n" in path_or_text or "\r" in path_or_text):
        return Document(_transalign.read(text=path_or_text, syntax=syntax))
    return Document(_transalign.read(path=os.fspath(path_or_text), syntax=syntax))


def titles(path: PathLike, *, syntax: Optional[str] = None) -> Dict[str, Any]:
    """One page's title alignment: the data ``transalign titles PAGE --format json`` prints."""
    return cast(Dict[str, Any], _json.loads(_transalign.titles_json(os.fspath(path), syntax=syntax)))


def report(paths: Union[PathLike, Sequence[PathLike]], *, syntax: Optional[str] = None) -> Dict[str, Any]:
    """The coverage report over pages and directories of pages: the data
    ``transalign report PATHS --format json`` prints."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    text = _transalign.report_json([os.fspath(p) for p in paths], syntax=syntax)
    data = cast(Dict[str, Any], _json.loads(text))
    # The CLI exits 2 when pages could not be reported; here the report of
    # the others is returned, and the pages left out are said (they were
    # only a key of the dict, easily never looked at).
    failed = data.get("pages_not_reported") or []
    if failed:
        listed = "; ".join(str(f) for f in failed[:3]) + ("; …" if len(failed) > 3 else "")
        _warnings.warn(
            f"{len(failed)} of {len(data.get('pages') or []) + len(failed)} pages could not be reported "
            f"(the report covers the others; see its 'pages_not_reported'): {listed}",
            stacklevel=2,
        )
    return data


def _format_of_path(path: PathLike) -> str:
    # As the CLI reads `-o`'s name: `write("out.tmx")` wrote beads into
    # out.tmx where `transalign align -o out.tmx` writes TMX.
    ext = os.path.splitext(os.fspath(path))[1][1:].lower()
    ext = {"htm": "html", "txt": "text"}.get(ext, ext)
    if ext in _COMPRESSED_EXTENSIONS:
        # As the CLI refuses `-o out.tmx.gz`: plain beads were written into a .gz.
        raise ValueError(f"{os.fspath(path)!r}: outputs are not compressed: write the file, then compress it")
    if ext in _SPREADSHEET_EXTENSIONS:
        # As the CLI refuses `-o out.csv`: beads were written into a .csv.
        raise ValueError(
            f"{os.fspath(path)!r}: no {ext.upper()} is written: name the file .tsv (tab-separated, which "
            "spreadsheets open) or give format="
        )
    if ext == "xml":
        raise ValueError(f"{os.fspath(path)!r}: .xml is TEI or XCES: give format='tei' or format='xces'")
    if ext in _INPUT_EXTENSIONS:
        # As the CLI refuses `-o notes.md`: beads written over a page.
        raise ValueError(
            f"{os.fspath(path)!r} is named as an input (.{ext}), a format no call writes: "
            f"name the file after a format ({', '.join(FORMATS)}) or give format="
        )
    return ext if ext in FORMATS else "beads"


# Compressed files and spreadsheets, which no call writes (the CLI's lists).
_COMPRESSED_EXTENSIONS = ("gz", "tgz", "bz2", "xz", "zst", "lz4", "lzma", "zip", "7z", "z")
_SPREADSHEET_EXTENSIONS = ("csv", "xlsx", "xls", "ods")

# The pages and books read and never written (the CLI's list).
_INPUT_EXTENSIONS = ("md", "markdown", "mdown", "dokuwiki", "dw", "wiki", "mediawiki", "wikitext", "mw", "epub", "docx")


def _side(x: Texts, name: str) -> Union[str, List[str]]:
    if isinstance(x, (str, os.PathLike)):
        return os.fspath(x)
    if isinstance(x, (bytes, bytearray)):
        raise TypeError(f"{name}: give a path (str or pathlib.Path) or a list of sentences, not bytes")
    items = list(x)
    for i, s in enumerate(items):
        if not isinstance(s, str):
            raise TypeError(f"{name}: sentence {i} is a {type(s).__name__}, not a str")
    return items


def _dictionary(d: Union[None, bool, PathLike, Sequence[PathLike]]) -> Union[None, bool, str, List[str]]:
    if d is None or isinstance(d, bool):
        return d
    if isinstance(d, (str, os.PathLike)):
        return os.fspath(d)
    return [os.fspath(p) for p in d]
