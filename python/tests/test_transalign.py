"""The Python package against the CLI: every API call, the same bytes as
`transalign` on the shipped UDHR pair and the seed page, errors with the
CLI's messages, and the GIL released while aligning.

Run by scripts/test-python (a fresh venv, `pip install .`); the CLI to
compare with is $TRANSALIGN_CLI (default target/release/transalign).
"""

import json
import os
import pathlib
import subprocess
import threading
import time

import pytest

import transalign

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = os.environ.get("TRANSALIGN_CLI") or str(ROOT / "target" / "release" / "transalign")
NLD = "corpora/udhr/nld.md"
FRA = "corpora/udhr/fra.md"
SEED = "corpora/nl/victor-serge.md"
ONE_STREAM = ["beads", "tsv", "tmx", "tei", "json", "html", "text"]


@pytest.fixture(autouse=True)
def in_repo(monkeypatch):
    # Paths as a user in a clone types them; outputs name the files so.
    monkeypatch.chdir(ROOT)
    # The text view's width comes from $COLUMNS: the same for both sides.
    monkeypatch.setenv("COLUMNS", "120")


def cli(*args, ok=True):
    assert os.path.exists(CLI), f"the CLI to compare with is missing: {CLI} (cargo build --release)"
    p = subprocess.run([CLI, *args], cwd=ROOT, capture_output=True, env={**os.environ, "COLUMNS": "120"})
    if ok:
        assert p.returncode == 0, p.stderr.decode()
    return p


@pytest.fixture(scope="module")
def udhr():
    return transalign.align(NLD, FRA, src_lang="nl", tgt_lang="fr")


def beads_of(text):
    """The CLI's beads as (src, tgt, confidence)."""
    out = []
    for line in text.splitlines():
        s, t, c = line.rsplit(":", 2)
        out.append((json.loads(s), json.loads(t), float(c)))
    return out


def test_the_issue_check_links_equal_the_cli_beads(udhr):
    beads = beads_of(cli("align", NLD, FRA, "--src-lang", "nl", "--tgt-lang", "fr", "--format", "beads").stdout.decode())
    assert len(udhr.links) == len(beads) > 80
    for link, (s, t, c) in zip(udhr.links, beads):
        assert isinstance(link, transalign.Link)
        assert (link.src, link.tgt) == (s, t)
        assert link.confidence == pytest.approx(c, abs=5e-4)
    assert udhr.src_lang == "nl" and udhr.tgt_lang == "fr"
    assert len(udhr) == len(beads)


@pytest.mark.parametrize("fmt", ONE_STREAM)
def test_to_string_is_the_cli_output(udhr, fmt):
    want = cli("align", NLD, FRA, "--src-lang", "nl", "--tgt-lang", "fr", "--format", fmt).stdout
    assert udhr.to_string(fmt).encode() == want


@pytest.mark.parametrize("fmt", ["xces", "moses", "tsv"])
def test_write_makes_the_cli_files(udhr, fmt, tmp_path):
    (tmp_path / "cli").mkdir()
    (tmp_path / "py").mkdir()
    cli("align", NLD, FRA, "--src-lang", "nl", "--tgt-lang", "fr", "--format", fmt, "-o", str(tmp_path / "cli" / "out.xml"))
    written = udhr.write(tmp_path / "py" / "out.xml", fmt)
    assert written and all(os.path.exists(p) for p in written)
    cli_files = sorted(p.name for p in (tmp_path / "cli").iterdir())
    assert sorted(os.path.basename(p) for p in written) == cli_files
    for name in cli_files:
        assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    files = udhr.to_files(fmt, "out.xml")
    assert sorted(files) == cli_files
    assert all(files[n].encode() == (tmp_path / "cli" / n).read_bytes() for n in cli_files)


@pytest.mark.parametrize(
    "name,fmt",
    [("out.tmx", "tmx"), ("out.TSV", "tsv"), ("out.json", "json"), ("out.htm", "html"), ("out.txt", "text"),
     ("out.tei", "tei"), ("out.beads", "beads"), ("out.out", "beads"), ("out", "beads")],
)
def test_write_without_a_format_takes_it_from_the_name_as_the_cli(udhr, name, fmt, tmp_path):
    # write("out.tmx") wrote beads into out.tmx, where `align -o out.tmx` writes TMX.
    written = udhr.write(tmp_path / name)
    assert [os.path.basename(p) for p in written] == [name]
    assert (tmp_path / name).read_text(encoding="utf-8") == udhr.to_string(fmt)
    with pytest.raises(ValueError, match="TEI or XCES"):
        udhr.write(tmp_path / "out.xml")
    assert not (tmp_path / "out.xml").exists()
    # A page's name, as the CLI refuses `-o notes.md`: beads were written over it.
    (tmp_path / "notes.md").write_text("# notes\n", encoding="utf-8")
    with pytest.raises(ValueError, match="named as an input"):
        udhr.write(tmp_path / "notes.md")
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == "# notes\n"


def test_write_refuses_a_compressed_or_spreadsheet_name_as_the_cli(udhr, tmp_path):
    # write("out.tmx.gz") wrote plain beads into a .gz, write("out.csv") beads.
    for name, cli_says in [("out.tmx.gz", "outputs are not compressed"), ("out.csv", "writes no CSV file")]:
        with pytest.raises(ValueError, match="not compressed" if name.endswith(".gz") else "name the file .tsv"):
            udhr.write(tmp_path / name)
        assert not (tmp_path / name).exists()
        p = cli("align", NLD, FRA, "--src-lang", "nl", "--tgt-lang", "fr", "-o", str(tmp_path / name), ok=False)
        assert p.returncode == 2 and cli_says in p.stderr.decode()
    # A format given writes under any name the CLI takes.
    udhr.write(tmp_path / "out.csv", format="tsv")
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == udhr.to_string("tsv")


def test_report_warns_of_the_pages_it_could_not_report(tmp_path):
    # The CLI exits 2; report() returned the others' report without a word.
    bad = tmp_path / "bad.md"
    bad.write_bytes("# Titel\n\nEen zin caf\xe9.\n".encode("latin-1"))
    with pytest.warns(UserWarning, match=r"1 of 2 pages could not be reported .*bad\.md:3:"):
        got = transalign.report([SEED, bad])
    assert len(got["pages"]) == 1 and len(got["pages_not_reported"]) == 1


def test_xces_and_moses_need_write(udhr):
    for fmt in ["xces", "moses"]:
        with pytest.raises(transalign.TransalignError, match="give -o"):
            udhr.to_string(fmt)
    with pytest.raises(ValueError, match="not one of"):
        udhr.to_string("docx")


def test_records_for_pandas(udhr):
    rec = udhr.to_records()
    assert len(rec) == len(udhr.links)
    tsv = [line.split("\t") for line in udhr.to_string("tsv").splitlines() if not line.startswith("#")][1:]
    first = rec[0]
    assert set(first) == {"link", "src", "tgt", "src_ids", "tgt_ids", "src_text", "tgt_text", "confidence"}
    assert first["link"] == 1 and first["src_text"] and first["tgt_text"]
    # The text of each record is the TSV's text of that link (whose
    # sentences are joined with " ~~~ " as hunalign writes them; a space here).
    assert [(r["src_text"], r["tgt_text"]) for r in rec] == [
        (row[0].replace(" ~~~ ", " "), row[1].replace(" ~~~ ", " ")) for row in tsv
    ]
    assert any(len(r["src"]) == 2 for r in rec)
    try:
        import pandas
    except ImportError:
        return
    df = pandas.DataFrame(rec)
    assert list(df["link"]) == list(range(1, len(rec) + 1))


def test_repr_html_shows_the_first_rows_and_the_count(udhr):
    page = udhr._repr_html_()
    assert f"{len(udhr.links)} links" in page
    assert page.count("<tr") == 21  # the head row and the first 20 links
    assert "… and" in page
    assert "Artikel 1" in page or "artikel 1" in page.lower()
    assert "<script" not in page


def test_sentences_in_memory_equal_the_cli_segmented(udhr, tmp_path):
    src, tgt = udhr.src_sentences, udhr.tgt_sentences
    (tmp_path / "s.txt").write_text("\n".join(src) + "\n", encoding="utf-8")
    (tmp_path / "t.txt").write_text("\n".join(tgt) + "\n", encoding="utf-8")
    want = cli("align", "--segmented", "--src-lang", "nl", "--tgt-lang", "fr", "--format", "beads", str(tmp_path / "s.txt"), str(tmp_path / "t.txt")).stdout
    a = transalign.align(src, tgt, src_lang="nl", tgt_lang="fr")
    assert a.to_string("beads").encode() == want
    assert a.src_ids[:2] == ["s1", "s2"]
    # A file read one segment per line, and a pathlib.Path.
    b = transalign.align(tmp_path / "s.txt", str(tmp_path / "t.txt"), src_lang="nl", tgt_lang="fr", segmented=True)
    assert b.to_string("beads").encode() == want
    # Languages detected when not given, as the CLI detects them.
    c = transalign.align(src, tgt)
    assert (c.src_lang, c.tgt_lang) == ("nl", "fr")
    # und ("undetermined") is detected too, as by the CLI's --src-lang und.
    d = transalign.align(src, tgt, src_lang="und", tgt_lang="UND")
    assert (d.src_lang, d.tgt_lang) == ("nl", "fr")
    assert d.to_string("beads") == c.to_string("beads")
    # Tags in BCP 47's canonical case, however they were typed.
    e = transalign.align(src, tgt, src_lang="nl-be", tgt_lang="FR-ca")
    assert (e.src_lang, e.tgt_lang) == ("nl-BE", "fr-CA")


def test_a_guessed_or_contradicted_language_is_a_warning():
    # Two short lines: the language is a guess, and the warning says which
    # argument settles it, as the CLI names its flag.
    a = transalign.align(["Hallo.", "Dag."], ["Bonjour.", "Salut."], tgt_lang="fr")
    assert any("src_lang=" in w and "for sure" in w for w in a.warnings), a.warnings
    # A language argument the text plainly contradicts (Dutch given as German).
    nld = transalign.read(NLD).sentences[:40]
    b = transalign.align(nld, ["Une phrase."] * 40, src_lang="de", tgt_lang="fr")
    assert any("src_lang=" in w for w in b.warnings), b.warnings
    # Languages given and right: nothing to say about them.
    c = transalign.align(nld, ["Une phrase."] * 40, src_lang="nl", tgt_lang="fr")
    assert not any("src_lang=" in w or "tgt_lang=" in w for w in c.warnings), c.warnings


def test_dictionary_choices_are_the_cli_flags(tmp_path):
    p = cli("align", NLD, FRA, "--src-lang", "nl", "--tgt-lang", "fr", "--no-dict", "--format", "beads")
    none = transalign.align(NLD, FRA, src_lang="nl", tgt_lang="fr", dictionary=False)
    assert none.to_string("beads").encode() == p.stdout
    # The CLI's warnings, kept.
    assert none.warnings and all(f"transalign: warning: {w}" in p.stderr.decode() for w in none.warnings)
    lines = transalign.align(["Een zin."] * 3, ["Une phrase."] * 3, src_lang="nl", tgt_lang="fr", dictionary=False)
    assert lines.warnings == none.warnings
    d = tmp_path / "nl-fr.txt"
    # hunalign's format is target @ source.
    d.write_text("humain @ mens\nrechten @ droits\n", encoding="utf-8")
    want = cli("align", NLD, FRA, "--src-lang", "nl", "--tgt-lang", "fr", "--dict", str(d), "--format", "beads").stdout
    assert transalign.align(NLD, FRA, src_lang="nl", tgt_lang="fr", dictionary=d).to_string("beads").encode() == want
    assert transalign.align(NLD, FRA, src_lang="nl", tgt_lang="fr", dictionary=[str(d)]).to_string("beads").encode() == want


def test_read_gives_the_cli_tei_sentences_and_bibl():
    doc = transalign.read(SEED)
    assert doc.to_tei().encode() == cli("tei", SEED).stdout
    assert doc.title == "Victor Serge" and doc.lang == "nl"
    assert len(doc.sentences) == len(doc.sentence_ids) > 10
    assert len(set(doc.sentence_ids)) == len(doc.sentence_ids)
    # Every id is one the TEI gives.
    tei = doc.to_tei()
    assert all(f'xml:id="{i}"' in tei for i in doc.sentence_ids)
    bibl = doc.bibl
    titles_cli = json.loads(cli("titles", SEED, "--format", "json").stdout)
    assert len(bibl) > 5
    assert all({"id", "title", "lang", "year"} <= set(b) for b in bibl)
    assert any(b["title"] == "De veroverde stad" for b in bibl)
    assert titles_cli  # read and titles see the same page
    # Text in memory (a str with a line break), its syntax given or sniffed.
    text = (ROOT / SEED).read_text(encoding="utf-8")
    assert transalign.read(text, syntax="markdown").to_tei() == doc.to_tei()
    assert transalign.read(text).bibl == bibl
    assert transalign.read(pathlib.Path(SEED)).to_tei() == doc.to_tei()


def test_read_every_seed_syntax_as_the_cli():
    for page in sorted((ROOT / "corpora" / "nl").iterdir()):
        rel = str(page.relative_to(ROOT))
        assert transalign.read(rel).to_tei().encode() == cli("tei", rel).stdout, rel


def test_titles_is_the_cli_json():
    assert transalign.titles(SEED) == json.loads(cli("titles", SEED, "--format", "json").stdout)
    t = transalign.titles(pathlib.Path("corpora/nl/elisee-reclus.dokuwiki"), syntax="dokuwiki")
    assert t == json.loads(cli("titles", "corpora/nl/elisee-reclus.dokuwiki", "--input-format", "dokuwiki", "--format", "json").stdout)


def test_report_is_the_cli_json():
    want = json.loads(cli("report", "corpora/nl", "--format", "json").stdout)
    got = transalign.report(["corpora/nl"])
    assert got == want
    assert got["total"]["originals"] > 0
    assert transalign.report(SEED) == json.loads(cli("report", SEED, "--format", "json").stdout)


def cli_error(*args):
    p = cli(*args, ok=False)
    assert p.returncode == 2
    err = p.stderr.decode().strip().splitlines()[-1]
    assert err.startswith("transalign: ")
    return err[len("transalign: "):]


def test_errors_carry_the_cli_message(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_bytes("# Titel\n\nEen zin caf\xe9.\n".encode("latin-1"))
    with pytest.raises(transalign.TransalignError) as e:
        transalign.align(str(bad), FRA, src_lang="nl", tgt_lang="fr")
    want = cli_error("align", str(bad), FRA, "--src-lang", "nl", "--tgt-lang", "fr")
    assert str(e.value) == want
    assert f"{bad}:3:" in str(e.value)  # file:line:col
    # A TEI file that is not well-formed: its place.
    tei = tmp_path / "broken.tei.xml"
    tei.write_text('<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <text><body><p>x</div>\n', encoding="utf-8")
    with pytest.raises(transalign.TransalignError) as e:
        transalign.read(tei)
    assert str(e.value) == cli_error("tei", str(tei))
    assert str(e.value).startswith(f"{tei}:3:")
    with pytest.raises(transalign.TransalignError) as e:
        transalign.align("corpora/udhr/missing.md", FRA)
    assert str(e.value) == cli_error("align", "corpora/udhr/missing.md", FRA)
    with pytest.raises(transalign.TransalignError) as e:
        transalign.titles(tmp_path / "none.md")
    assert str(e.value) == cli_error("titles", str(tmp_path / "none.md"))
    with pytest.raises(transalign.TransalignError) as e:
        transalign.report([tmp_path / "none.md"])
    assert str(e.value) == cli_error("report", str(tmp_path / "none.md"))


def test_bad_arguments_raise():
    with pytest.raises(transalign.TransalignError, match="src_lang=xx-not"):
        transalign.align(NLD, FRA, src_lang="xx-not")
    with pytest.raises(ValueError, match="syntax"):
        transalign.read(SEED, syntax="latex")
    with pytest.raises(ValueError, match="empty list"):
        transalign.align([], ["Un."], src_lang="nl", tgt_lang="fr")
    with pytest.raises(ValueError, match="line break"):
        transalign.align(["Een.\nTwee."], ["Un."], src_lang="nl", tgt_lang="fr")
    with pytest.raises(TypeError):
        transalign.align([1, 2], ["Un."], src_lang="nl", tgt_lang="fr")
    with pytest.raises(ValueError, match="dictionary=True"):
        transalign.align(NLD, FRA, dictionary=True)
    with pytest.raises(transalign.TransalignError, match="no headings|empty|heading"):
        transalign.read("just one line of text without headings\n", syntax="markdown")


def test_the_gil_is_released_while_aligning(tmp_path):
    """A Python thread keeps ticking while another aligns; four threads
    align at once and agree with one. (Wall times are printed, not
    asserted: the aligner already runs on every core, so four threads gain
    little over four calls in turn on a busy two-core machine; the ticker
    is what tells a released GIL from a held one.)"""
    # A longer pair than the UDHR, so the alignment spans many ticks.
    src = (ROOT / NLD).read_text(encoding="utf-8") * 20
    tgt = (ROOT / FRA).read_text(encoding="utf-8") * 20
    (tmp_path / "nld.md").write_text(src, encoding="utf-8")
    (tmp_path / "fra.md").write_text(tgt, encoding="utf-8")
    s, t = str(tmp_path / "nld.md"), str(tmp_path / "fra.md")
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        start = time.perf_counter()
        one = transalign.align(s, t, src_lang="nl", tgt_lang="fr")
        end = time.perf_counter()
    finally:
        stop.set()
        ticker.join()
    span = end - start
    inside = [x for x in ticks if start + 0.1 * span < x < end - 0.1 * span]
    # Holding the GIL, the ticker could not run at all inside the call.
    assert span > 0.05, span
    assert len(inside) >= 10, (len(inside), span)

    results = [None] * 4

    def work(i):
        results[i] = transalign.align(s, t, src_lang="nl", tgt_lang="fr").to_string("beads")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    four = time.perf_counter() - t0
    assert results == [one.to_string("beads")] * 4
    t0 = time.perf_counter()
    for i in range(4):
        work(i)
    in_turn = time.perf_counter() - t0
    print(f"\nalign, ticker inside: {len(inside)} ticks in {span:.2f} s; 4 calls on 4 threads {four:.2f} s, in turn {in_turn:.2f} s")


def test_version_and_lists():
    assert transalign.__version__ == "0.1.0"
    assert set(ONE_STREAM) | {"xces", "moses"} == set(transalign.FORMATS)
    assert "markdown" in transalign.SYNTAXES
