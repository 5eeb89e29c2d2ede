//! The native half of the `transalign` Python package: thin PyO3 wrappers
//! over the library's jobs layer (`transalign::jobs`, `transalign::load`),
//! so Python gets the CLI's results byte for byte. The Python half
//! (`python/transalign/__init__.py`) adds the typed classes, records and the
//! notebook view.

use std::path::PathBuf;

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;

use transalign::align::Config;
use transalign::align::input::Text;
use transalign::data::DataConfig;
use transalign::formats::Format;
use transalign::jobs::align::{Done, ReadAs};
use transalign::load::{Input, Options};
use transalign::syntax::Syntax;
use transalign::{Error, ErrorKind, Lang};

create_exception!(
    _transalign,
    TransalignError,
    PyException,
    "Bad input or a failed job; the message is the CLI's (file:line:col: what)."
);

fn py_err(e: Error) -> PyErr {
    TransalignError::new_err(e.to_string())
}

/// Every output format of `transalign align --format`, by its CLI name.
const FORMATS: &[(&str, Format)] = &[
    ("beads", Format::Beads),
    ("tsv", Format::Tsv),
    ("xces", Format::Xces),
    ("tmx", Format::Tmx),
    ("tei", Format::Tei),
    ("moses", Format::Moses),
    ("json", Format::Json),
    ("html", Format::Html),
    ("text", Format::Text),
];

/// Every input syntax of `--input-format`, by its CLI name.
const SYNTAXES: &[(&str, Syntax)] = &[
    ("markdown", Syntax::Markdown),
    ("dokuwiki", Syntax::DokuWiki),
    ("mediawiki", Syntax::MediaWiki),
    ("html", Syntax::Html),
    ("text", Syntax::Text),
    ("tei", Syntax::Tei),
    ("epub", Syntax::Epub),
    ("docx", Syntax::Docx),
];

fn format_of(name: &str) -> PyResult<Format> {
    FORMATS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f).ok_or_else(|| {
        let names: Vec<&str> = FORMATS.iter().map(|(n, _)| *n).collect();
        PyValueError::new_err(format!("format {name:?}: not one of {}", names.join(", ")))
    })
}

fn syntax_of(name: Option<&str>) -> PyResult<Option<Syntax>> {
    let Some(name) = name else { return Ok(None) };
    SYNTAXES.iter().find(|(n, _)| *n == name).map(|(_, s)| Some(*s)).ok_or_else(|| {
        let names: Vec<&str> = SYNTAXES.iter().map(|(n, _)| *n).collect();
        PyValueError::new_err(format!("syntax {name:?}: not one of {}", names.join(", ")))
    })
}

/// A language argument checked as the CLI checks `--src-lang` (`und`:
/// detected, as `None`).
fn lang_of(code: Option<&str>, arg: &str) -> PyResult<Option<Lang>> {
    match code {
        None => Ok(None),
        Some(c) => transalign::lang::parse_given(c)
            .map_err(|why| py_err(Error::new(ErrorKind::LanguageCode { code: format!("{arg}={c}"), why }))),
    }
}

/// One side of a pair: a file, or sentences in memory (one segment each).
#[derive(FromPyObject)]
enum Side {
    Lines(Vec<String>),
    Path(PathBuf),
}

/// A finished alignment and the names its outputs give its two texts.
#[pyclass(module = "transalign._transalign", frozen)]
struct NativeAlignment {
    done: Done,
    src_path: PathBuf,
    tgt_path: PathBuf,
    warnings: Vec<String>,
}

/// What a job says, kept: the CLI prints its warnings on standard error,
/// Python gets them as `Alignment.warnings`.
#[derive(Default)]
struct Kept {
    warnings: Vec<String>,
}

impl transalign::jobs::Feedback for Kept {
    fn note(&mut self, _: &str) {}
    fn warn(&mut self, msg: &str) {
        self.warnings.push(msg.to_string());
    }
}

#[pymethods]
impl NativeAlignment {
    /// The links as (source indices, target indices, confidence), in the CLI's bead order.
    fn links(&self) -> Vec<(Vec<usize>, Vec<usize>, f64)> {
        self.done.alignment.links.iter().map(|l| (l.src.clone(), l.tgt.clone(), l.confidence)).collect()
    }

    /// The segments of one side (`src=True`: source) as (id, text).
    fn segments(&self, src: bool) -> Vec<(String, String)> {
        let t = if src { &self.done.src } else { &self.done.tgt };
        t.segments.iter().map(|s| (s.id.clone(), s.text.clone())).collect()
    }

    /// The source and target language codes.
    fn langs(&self) -> (String, String) {
        let a = &self.done.alignment;
        (a.src_lang.code().to_string(), a.tgt_lang.code().to_string())
    }

    /// The alignment in a one-stream format, as `transalign align --format F` prints it.
    fn to_string(&self, py: Python<'_>, format: &str) -> PyResult<String> {
        let f = format_of(format)?;
        let bytes = py
            .detach(|| {
                let mut buf = Vec::new();
                transalign::jobs::output::write_stream(&self.done, &self.src_path, &self.tgt_path, f, None, &mut buf)
                    .map(|()| buf)
            })
            .map_err(py_err)?;
        String::from_utf8(bytes).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// Write the alignment as `transalign align --format F -o PATH` does; the files written.
    fn write(&self, py: Python<'_>, path: PathBuf, format: &str) -> PyResult<Vec<PathBuf>> {
        let f = format_of(format)?;
        py.detach(|| transalign::jobs::output::write(&self.done, &self.src_path, &self.tgt_path, f, Some(&path)))
            .map_err(py_err)
    }

    /// What makes the result weaker or doubtful (the CLI's warnings on standard error).
    fn warnings(&self) -> Vec<String> {
        self.warnings.clone()
    }

    /// One line saying what the alignment holds, as the CLI prints at the end.
    fn summary(&self) -> String {
        transalign::jobs::align::summary(&self.done)
    }
}

/// Read one side held in memory: checked, joined one per line, language settled.
fn text_of_lines(lines: &[String], lang: Option<Lang>, arg: &str) -> PyResult<(Text, Lang)> {
    if lines.is_empty() {
        return Err(PyValueError::new_err(format!("{arg}: an empty list of sentences")));
    }
    if let Some(i) = lines.iter().position(|l| l.contains('\n') || l.contains('\r')) {
        return Err(PyValueError::new_err(format!(
            "{arg}: sentence {i} holds a line break; give one segment per item"
        )));
    }
    let text = transalign::jobs::align::text_from_str(&lines.join("\n"), true, lang.clone(), None).map_err(py_err)?;
    let flag = if arg == "src" { "src_lang" } else { "tgt_lang" };
    let l = lang
        .or_else(|| text.lang.clone())
        .ok_or_else(|| py_err(Error::new(ErrorKind::UnknownLanguage { flag: flag.to_string() })))?;
    Ok((text, l))
}

fn data_config(dictionary: Option<&Bound<'_, PyAny>>) -> PyResult<DataConfig> {
    let mut data = DataConfig::default();
    let Some(d) = dictionary else { return Ok(data) };
    if let Ok(b) = d.cast::<pyo3::types::PyBool>() {
        if b.is_true() {
            return Err(PyValueError::new_err("dictionary=True: give None (looked up), False (none) or file paths"));
        }
        data.no_dict = true;
    } else if let Ok(p) = d.extract::<PathBuf>() {
        data.dicts = vec![p];
    } else {
        data.dicts = d.extract::<Vec<PathBuf>>()?;
    }
    Ok(data)
}

/// The aligner's settings as the CLI's defaults give them.
fn cli_config() -> Config {
    let beads = transalign::align::default_beads().iter().map(|b| (b.a, b.b)).collect();
    Config { beads, ..Config::default() }
}

/// Align two texts (paths or lists of sentences) as `transalign align` does.
#[pyfunction]
#[pyo3(signature = (src, tgt, *, src_lang=None, tgt_lang=None, segmented=false, dictionary=None, syntax=None))]
#[allow(clippy::too_many_arguments)]
fn align(
    py: Python<'_>,
    src: Side,
    tgt: Side,
    src_lang: Option<&str>,
    tgt_lang: Option<&str>,
    segmented: bool,
    dictionary: Option<&Bound<'_, PyAny>>,
    syntax: Option<&str>,
) -> PyResult<NativeAlignment> {
    let (sl, tl) = (lang_of(src_lang, "src_lang")?, lang_of(tgt_lang, "tgt_lang")?);
    let syntax = syntax_of(syntax)?;
    let data = data_config(dictionary)?;
    let cfg = cli_config();
    match (src, tgt) {
        (Side::Path(s), Side::Path(t)) => {
            let read = ReadAs { segmented, syntax, src_lang: sl, tgt_lang: tl };
            let mut kept = Kept::default();
            // With the anchors: the result may be written as JSON later.
            let done = py
                .detach(|| transalign::jobs::align::align_pair(&s, &t, &read, &data, &cfg, true, &mut kept))
                .map_err(py_err)?;
            Ok(NativeAlignment { done, src_path: s, tgt_path: t, warnings: kept.warnings })
        }
        (s, t) => {
            // Each side may be a file or sentences; the names outputs give
            // sentences in memory are "src" and "tgt", as `convert` gives them.
            let side = |x: Side, lang: Option<Lang>, arg: &str| -> PyResult<(Text, Lang, PathBuf)> {
                match x {
                    Side::Lines(lines) => {
                        let (text, l) = text_of_lines(&lines, lang, arg)?;
                        Ok((text, l, PathBuf::from(arg)))
                    }
                    Side::Path(p) => {
                        let text =
                            transalign::jobs::align::read_text(&p, segmented, lang.clone(), syntax).map_err(py_err)?;
                        let flag = if arg == "src" { "src_lang" } else { "tgt_lang" };
                        let l = lang.or_else(|| text.lang.clone()).ok_or_else(|| {
                            py_err(Error::new(ErrorKind::UnknownLanguage { flag: flag.to_string() }).in_file(&p))
                        })?;
                        Ok((text, l, p))
                    }
                }
            };
            let (st, sl, sp) = side(s, sl, "src")?;
            let (tt, tl, tp) = side(t, tl, "tgt")?;
            let mut warnings: Vec<String> = [(&sp, &st), (&tp, &tt)]
                .iter()
                .flat_map(|(p, t)| t.notes.iter().map(move |n| format!("{}: {n}", p.display())))
                .collect();
            // A language only guessed, or contradicted by the text, as the
            // CLI warns (the flags named as this function's arguments).
            for (p, t, flag) in [(&sp, &st, "src_lang="), (&tp, &tt, "tgt_lang=")] {
                warnings.extend(transalign::jobs::align::language_warnings(p, t, flag));
            }
            let (done, reduced) = py
                .detach(|| -> transalign::Result<(Done, Option<String>)> {
                    let loaded = data.lexicon(&sl, &tl)?;
                    let mut done =
                        transalign::jobs::align::align_texts(st, tt, &sl, &tl, loaded.lexicon.as_ref(), &cfg);
                    // The outputs say it, as the CLI's do.
                    done.warnings =
                        loaded.reduced.iter().map(|r| transalign::jobs::align::reduced_warning(r)).collect();
                    Ok((done, loaded.reduced))
                })
                .map_err(py_err)?;
            warnings.extend(reduced.map(|r| format!("reduced evidence: {r}")));
            Ok(NativeAlignment { done, src_path: sp, tgt_path: tp, warnings })
        }
    }
}

/// A page or text read into the document model.
#[pyclass(module = "transalign._transalign", frozen)]
struct NativeDocument {
    input: Input,
    doc: transalign::Document,
}

#[pymethods]
impl NativeDocument {
    /// TEI P5, the bytes `transalign tei` writes.
    fn to_tei(&self, py: Python<'_>) -> PyResult<String> {
        let bytes = py
            .detach(|| {
                let mut buf = Vec::new();
                self.input.write_tei(&mut buf).map(|_| buf)
            })
            .map_err(py_err)?;
        String::from_utf8(bytes).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The sentences (and headings, list items) as the aligner segments them: (id, text).
    fn sentences(&self) -> Vec<(String, String)> {
        transalign::align::input::segments_of(&self.doc).into_iter().map(|s| (s.id, s.text)).collect()
    }

    /// The bibliographic entries as JSON (a list of objects).
    fn bibl_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.doc.bibls()).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The page's title, when it has one.
    fn title(&self) -> Option<String> {
        self.doc.title.clone()
    }

    /// The page's language code, when known.
    fn lang(&self) -> Option<String> {
        self.doc.lang.as_ref().map(|l| l.code().to_string())
    }
}

/// Read a page from a file (`path`) or from text in memory (`text`), as `transalign tei` does.
#[pyfunction]
#[pyo3(signature = (path=None, text=None, syntax=None))]
fn read(py: Python<'_>, path: Option<PathBuf>, text: Option<String>, syntax: Option<&str>) -> PyResult<NativeDocument> {
    let syntax = syntax_of(syntax)?;
    py.detach(|| -> transalign::Result<NativeDocument> {
        let input = match (path, text) {
            (Some(p), _) => Input::open(&p, syntax)?,
            (None, Some(t)) => Input::from_text(&t, syntax),
            (None, None) => return Err(Error::usage("give a path or a text")),
        };
        let doc = input.document(&Options::default())?.doc;
        Ok(NativeDocument { input, doc })
    })
    .map_err(py_err)
}

/// One page's title alignment, the JSON `transalign titles --format json` prints.
#[pyfunction]
#[pyo3(signature = (path, syntax=None))]
fn titles_json(py: Python<'_>, path: PathBuf, syntax: Option<&str>) -> PyResult<String> {
    let syntax = syntax_of(syntax)?;
    py.detach(|| -> transalign::Result<String> {
        // The job writes where the CLI's -o does: a file, read back.
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("titles.json");
        let (data, format) = (DataConfig::default(), transalign::jobs::titles::TitlesFormat::Json);
        transalign::jobs::titles::titles(
            &path,
            syntax,
            None,
            &data,
            format,
            Some(&out),
            &mut transalign::jobs::Silent,
        )?;
        transalign::io::read_text(&out)
    })
    .map_err(py_err)
}

/// The report over pages and directories of pages, the JSON `transalign report --format json` prints.
#[pyfunction]
#[pyo3(signature = (paths, syntax=None))]
fn report_json(py: Python<'_>, paths: Vec<PathBuf>, syntax: Option<&str>) -> PyResult<String> {
    let syntax = syntax_of(syntax)?;
    py.detach(|| -> transalign::Result<String> {
        let files = transalign::report::page_files(&paths)?;
        // The job writes where the CLI's -o does: a file, read back.
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("report.json");
        let format = transalign::report::ReportFormat::Json;
        let data = DataConfig::default();
        transalign::jobs::report::report(
            &files,
            syntax,
            None,
            &data,
            format,
            Some(&out),
            &mut transalign::jobs::Silent,
        )?;
        transalign::io::read_text(&out)
    })
    .map_err(py_err)
}

/// The native module; `transalign/__init__.py` is the API.
#[pymodule]
fn _transalign(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("TransalignError", m.py().get_type::<TransalignError>())?;
    m.add("FORMATS", FORMATS.iter().map(|(n, _)| *n).collect::<Vec<_>>())?;
    m.add("SYNTAXES", SYNTAXES.iter().map(|(n, _)| *n).collect::<Vec<_>>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<NativeAlignment>()?;
    m.add_class::<NativeDocument>()?;
    m.add_function(wrap_pyfunction!(align, m)?)?;
    m.add_function(wrap_pyfunction!(read, m)?)?;
    m.add_function(wrap_pyfunction!(titles_json, m)?)?;
    m.add_function(wrap_pyfunction!(report_json, m)?)?;
    Ok(())
}
