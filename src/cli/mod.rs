//! The command line's flags (clap), and how they become the library's
//! settings. `main.rs` maps each command to its job.

pub mod choice;
pub mod ui;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use transalign::Lang;
use transalign::align::{self, Config};
use transalign::formats::Format;
use transalign::jobs::multi::{CheckMode, MultiFormat};
use transalign::jobs::report::Finding;
use transalign::jobs::titles::TitlesFormat;
use transalign::report::ReportFormat;
use transalign::syntax::Syntax;

use choice::{Choice, choice};
use transalign::Result;

#[derive(Parser)]
#[command(
    name = "transalign",
    version,
    about = "What corresponds to what across languages: wiki pages to TEI, segment and title alignment, coverage reports",
    after_help = "Exit status: 0 done; 1 findings asked for with report --fail-on; 2 usage or input error.\n`-` is standard input for an input file and standard output for -o."
)]
pub struct Cli {
    #[command(subcommand)]
    pub cmd: Cmd,
    /// Print errors and warnings only: no notes, no progress bar.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Say more (-v: data files with their paths, timings).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Subcommand)]
pub enum Cmd {
    /// Regenerate everything under alignments/ from corpora/ (the main job).
    Corpus {
        /// The corpus directory.
        #[arg(long, default_value = "corpora")]
        corpora: PathBuf,
        /// Where the outputs go.
        #[arg(long, default_value = "alignments")]
        out: PathBuf,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Where lexicons and morphologies are found; rebuild or check the bundled data.
    #[command(subcommand)]
    Data(DataCmd),
    /// Convert a wiki author page (Markdown, DokuWiki, MediaWiki, HTML, …) to TEI P5.
    Tei {
        /// The page (`-` for standard input).
        page: PathBuf,
        /// Its syntax (default: from its name and content).
        #[arg(long, value_parser = choice::<Syntax>())]
        input_format: Option<Syntax>,
        /// The page's language (default, and with und: told from its text,
        /// else from its list of translations, else und).
        #[arg(long)]
        lang: Option<String>,
        /// Output file (`-` or absent: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Align the segments of a text and its translation.
    Align(AlignArgs),
    /// Align a pivot text (usually the original) with all its translations
    /// at once: one multi-alignment whose rows are the pivot's sentences,
    /// with what each version kept, merged, split or dropped.
    Multi(MultiArgs),
    /// Make the review page of two texts (aligned now, or by --alignment).
    Review {
        /// Source text.
        src: PathBuf,
        /// Target text.
        tgt: PathBuf,
        /// An existing alignment of the two (beads or alignment JSON) instead of aligning now.
        /// An alignment JSON brings its own texts, with the corrections made in it; SRC and
        /// TGT must be the texts it was made from (checked, read with the same --segmented and
        /// --input-format), and --src-lang/--tgt-lang, if given, its languages. The aligner's
        /// own flags (--dict, --no-dict, --lexical-weight, …) are refused with it.
        #[arg(long)]
        alignment: Option<PathBuf>,
        #[command(flatten)]
        read: ReadArgs,
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        settings: AlignSettings,
        /// Output file (`-` or absent: standard output); with --serve, the alignment JSON every edit is saved to.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Serve the page from 127.0.0.1 (the URL, with its token, is the first line printed)
        /// and save every edit to -o FILE.json within a second; Ctrl-C stops.
        #[arg(long)]
        serve: bool,
        /// With --serve: the port (default: any free one).
        #[arg(long, default_value_t = 0, requires = "serve")]
        port: u16,
        /// Links below this confidence are doubtful (the page's `n` key and filter).
        #[arg(long, default_value_t = 0.5, value_parser = confidence)]
        review_below: f64,
    },
    /// Write an alignment JSON (e.g. corrected in the review page) in another
    /// format; a multi-alignment JSON in a multi format, or two of its
    /// versions with --pair.
    Convert {
        /// The alignment JSON file (`-` for standard input).
        alignment: PathBuf,
        /// From a multi-alignment: project these two versions out (file
        /// stems or language codes), source first.
        #[arg(long, num_args = 2, value_names = ["A", "B"])]
        pair: Option<Vec<String>>,
        /// Output format (default: the one -o FILE's extension names: .tmx,
        /// .json, .tsv, .html, .beads, .tei, .xces; .xml is refused as
        /// ambiguous). `coverage` is for a multi-alignment only.
        #[arg(long, value_parser = choice::convert_format())]
        format: Option<choice::ConvertFormat>,
        /// Output file (`-` or absent: standard output; a prefix for moses; needed for xces).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Match the translated titles of a page with their originals.
    Titles {
        /// The page (`-` for standard input).
        page: PathBuf,
        /// Its syntax (default: from its name and content).
        #[arg(long, value_parser = choice::<Syntax>())]
        input_format: Option<Syntax>,
        /// The page's language (default, and with und: told from its text),
        /// for a page whose language is detected wrong.
        #[arg(long)]
        lang: Option<String>,
        #[command(flatten)]
        data: DataArgs,
        /// Output format (default: the one -o FILE's extension names, else text).
        #[arg(long, value_parser = choice::<TitlesFormat>())]
        format: Option<TitlesFormat>,
        /// Output file (`-` or absent: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Report translations, mismatches, catalogue problems and coverage for pages.
    Report {
        /// Pages (one or many).
        #[arg(required = true)]
        pages: Vec<PathBuf>,
        /// Their syntax (default: from each file's name and content).
        #[arg(long, value_parser = choice::<Syntax>())]
        input_format: Option<Syntax>,
        /// The pages' language (default, and with und: told from each
        /// page's text), for pages whose language is detected wrong.
        #[arg(long)]
        lang: Option<String>,
        #[command(flatten)]
        data: DataArgs,
        /// Output format (default: the one -o FILE's extension names, else text).
        #[arg(long, value_parser = choice::<ReportFormat>())]
        format: Option<ReportFormat>,
        /// Output file (`-` or absent: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Exit with status 1 when the report finds these (for pipelines):
        /// mismatch = a title without original, a year conflict, a variant
        /// or duplicate, a catalogue problem; untranslated = an original
        /// without translation.
        #[arg(long, value_parser = choice::<Finding>(), value_delimiter = ',')]
        fail_on: Vec<Finding>,
    },
    /// Score alignments against gold alignments (strict and lax P/R/F1).
    Eval {
        /// Gold alignments, one per document pair: beads, or alignment JSON (a corrected review).
        #[arg(long, num_args = 1.., required = true)]
        gold: Vec<PathBuf>,
        /// System alignments (beads or alignment JSON), in the same order as --gold.
        #[arg(long, num_args = 1.., required = true)]
        test: Vec<PathBuf>,
        /// The test files are multi-alignments: score these two versions
        /// of each (file stems or language codes), projected out.
        #[arg(long, num_args = 2, value_names = ["A", "B"])]
        pair: Option<Vec<String>>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
        /// Same as --format json.
        #[arg(long, hide = true, conflicts_with = "format")]
        json: bool,
    },
    /// Score title alignments against gold files: per page right links,
    /// right refusals, wrong links, missed links, flag errors, precision and
    /// recall, and the total.
    ///
    /// Each `NAME.gold.tsv` in GOLD_DIR is scored against the page
    /// `NAME.*` in --pages (title<TAB>original or -<TAB>flags<TAB>why per
    /// translated title, in page order; the original column is the truth).
    /// Exit code 1 when any link is wrong.
    EvalTitles {
        /// Directory of `NAME.gold.tsv` files.
        gold_dir: PathBuf,
        /// Directory of the pages, relative to GOLD_DIR. Default: where each
        /// gold file's `# page:` line points (relative to the gold file).
        #[arg(long)]
        pages: Option<PathBuf>,
        #[command(flatten)]
        data: DataArgs,
        /// Output format (json: per page, every title).
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
        /// Same as --format json.
        #[arg(long, hide = true, conflicts_with = "format")]
        json: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff): `transalign man > transalign.1`, or
    /// `transalign man align` for transalign-align(1); `--out-dir DIR`
    /// writes every page.
    Man {
        /// The command whose page to print (e.g. align, or "data list").
        command: Vec<String>,
        /// Write transalign.1 and a page per command into this directory.
        #[arg(long, conflicts_with = "command")]
        out_dir: Option<PathBuf>,
    },
}

/// Text for a person, or JSON.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TextOrJson {
    /// A table for a person.
    Text,
    /// JSON.
    Json,
}

/// Where lexicons and morphology come from (shared by every command that uses them).
#[derive(clap::Args, Clone, Default)]
#[command(after_help = transalign::data::LOOKUP_HELP)]
pub struct DataArgs {
    /// Dictionary files: FreeDict dictd (.index), bundled (.tsv.gz) or
    /// hunalign (target @ source); an empty file means no dictionary.
    /// Default: looked up (see below).
    #[arg(long = "dict", value_name = "FILE")]
    pub dicts: Vec<PathBuf>,
    /// Use no dictionary (length, cognates, names and numbers only).
    #[arg(long, conflicts_with = "dicts")]
    pub no_dict: bool,
    /// Do not add translations through English for words the dictionary lacks.
    #[arg(long)]
    pub no_pivot: bool,
    /// Morphology file: bundled (.morph.gz) or Hunspell (.dic with its .aff);
    /// for titles and report (align, multi and review refuse it).
    #[arg(long, value_name = "FILE")]
    pub morph: Option<PathBuf>,
}

impl DataArgs {
    pub fn config(&self) -> transalign::data::DataConfig {
        transalign::data::DataConfig {
            dicts: self.dicts.clone(),
            no_dict: self.no_dict,
            no_pivot: self.no_pivot,
            morph: self.morph.clone(),
        }
    }
}

#[derive(Subcommand)]
pub enum DataCmd {
    /// Show where data is looked for and what each language pair would use.
    List {
        /// Language pairs to look up, as SRC-TGT (default: the bundled pairs).
        pairs: Vec<String>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Rebuild the bundled data from FreeDict dictd and Hunspell files (scripts/build-data).
    Build {
        /// Directories with freedict-*.index and .dict.dz.
        #[arg(long = "dictd", default_value = "/usr/share/dictd")]
        dictd: Vec<PathBuf>,
        /// Directories with Hunspell fr.aff and fr.dic.
        #[arg(long = "hunspell", default_value = "/usr/share/hunspell")]
        hunspell: Vec<PathBuf>,
        /// Versions to record, as NAME=VERSION (e.g. freedict-nld-fra=2022.04.21-1).
        #[arg(long = "version-of", value_name = "NAME=VERSION")]
        versions: Vec<String>,
        /// Output directory.
        #[arg(long, default_value = "data")]
        out: PathBuf,
    },
    /// Check the bundled files against their MANIFEST.tsv checksums.
    Verify {
        /// The data directory (default: the one beside the executable, else the data built in).
        dir: Option<PathBuf>,
    },
    /// The licences of the data built into this binary, and each file's upstream notice.
    Notices {
        /// Print the licence texts too.
        #[arg(long)]
        full: bool,
    },
}

/// How to read the two texts of a pair.
#[derive(clap::Args, Clone)]
pub struct ReadArgs {
    /// Source language (ISO 639-1 or 639-3, e.g. de; BCP 47 subtags
    /// kept, as nl-BE); detected when absent or und (undetermined).
    #[arg(long)]
    pub src_lang: Option<String>,
    /// Target language; detected when absent or und.
    #[arg(long)]
    pub tgt_lang: Option<String>,
    /// Inputs have one segment per line.
    #[arg(long, conflicts_with = "input_format")]
    pub segmented: bool,
    /// Syntax of both inputs (default: from each file's name and content).
    #[arg(long, value_parser = choice::<Syntax>())]
    pub input_format: Option<Syntax>,
}

impl ReadArgs {
    pub fn read_as(&self) -> transalign::Result<transalign::jobs::align::ReadAs> {
        Ok(transalign::jobs::align::ReadAs {
            segmented: self.segmented,
            syntax: self.input_format,
            src_lang: lang_arg(&self.src_lang, "--src-lang")?,
            tgt_lang: lang_arg(&self.tgt_lang, "--tgt-lang")?,
        })
    }
}

/// The aligner's settings.
#[derive(clap::Args, Clone)]
pub struct AlignSettings {
    /// Bead types allowed, as SRC-TGT counts; must include 1-1, 1-0 and 0-1.
    #[arg(long, value_delimiter = ',', default_value = "1-1,1-0,0-1,2-1,1-2,2-2,3-1,1-3,4-1,1-4")]
    pub beads: Vec<String>,
    /// Band radius: how many segments either side of the coarse path are searched.
    #[arg(long, default_value_t = Config::default().radius)]
    pub band_radius: usize,
    /// Weight of lexical evidence (nats per shared dictionary word, cognate, name or number).
    #[arg(long, default_value_t = Config::default().lambda)]
    pub lexical_weight: f64,
    /// Learn a lexicon from the texts themselves and realign with it, even
    /// with a dictionary (default: only when there is no dictionary at all).
    #[arg(long, conflicts_with = "no_learn")]
    pub learn: bool,
    /// Never learn a lexicon from the texts themselves.
    #[arg(long)]
    pub no_learn: bool,
}

impl AlignSettings {
    pub fn config(&self) -> transalign::Result<Config> {
        let mut beads = Vec::new();
        for b in &self.beads {
            let bad = || transalign::Error::usage(format!("--beads {b}: expected SRC-TGT counts such as 2-1"));
            let (s, t) = b.trim().split_once('-').ok_or_else(bad)?;
            let pair: (usize, usize) = (s.parse().map_err(|_| bad())?, t.parse().map_err(|_| bad())?);
            let known = align::default_beads();
            if !known.iter().any(|d| (d.a, d.b) == pair) {
                let names: Vec<String> = known.iter().map(|d| format!("{}-{}", d.a, d.b)).collect();
                return Err(transalign::Error::usage(format!(
                    "--beads {b}: not a bead type the aligner knows ({})",
                    names.join(", ")
                )));
            }
            beads.push(pair);
        }
        for need in [(1, 1), (1, 0), (0, 1)] {
            if !beads.contains(&need) {
                return Err(transalign::Error::usage(format!(
                    "--beads must include {}-{}: without it some texts have no alignment at all",
                    need.0, need.1
                )));
            }
        }
        // Each flag on its own: a message naming both sent people looking
        // at the one they had not given.
        if self.band_radius == 0 {
            return Err(transalign::Error::usage("--band-radius 0: must be a whole number of at least 1"));
        }
        if !(self.lexical_weight.is_finite() && self.lexical_weight >= 0.0) {
            return Err(transalign::Error::usage(format!(
                "--lexical-weight {}: must be a finite number of 0 or more (0 switches lexical evidence off; 1 is the default)",
                self.lexical_weight
            )));
        }
        let learn = match (self.learn, self.no_learn) {
            (true, _) => align::Learn::Always,
            (_, true) => align::Learn::Never,
            _ => align::Learn::Auto,
        };
        Ok(Config { beads, radius: self.band_radius, lambda: self.lexical_weight, learn, ..Config::default() })
    }
}

#[derive(clap::Args)]
pub struct AlignArgs {
    /// Source text (`-` for standard input; omit with --batch).
    #[arg(required_unless_present = "batch")]
    pub src: Option<PathBuf>,
    /// Target text (omit with --batch).
    #[arg(required_unless_present = "batch")]
    pub tgt: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub settings: AlignSettings,
    /// Output format (html: the review page). Default: the one -o FILE's
    /// extension names (.tmx, .json, .tsv, .html, .xces, .tei, .beads; .xml
    /// is refused as ambiguous), else text (side by side) when standard
    /// output is a terminal, else beads.
    #[arg(long, value_parser = choice::<Format>())]
    pub format: Option<Format>,
    /// Output file (`-` or absent: standard output; a prefix for moses; needed for xces).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Links with confidence below this are listed on standard error for review.
    #[arg(long, default_value_t = 0.5, value_parser = confidence)]
    pub review_below: f64,
    /// List every segment left without a counterpart on standard error:
    /// where it sits, its text, and why (the JSON output always says why).
    #[arg(long)]
    pub report_omissions: bool,
    /// Align many pairs: a TSV manifest of SRC<TAB>TGT[<TAB>NAME] lines.
    // A batch lists no links on standard error: --review-below and
    // --report-omissions, accepted, did nothing (summary.json and the JSON
    // outputs say what they would have).
    #[arg(long, conflicts_with_all = ["src", "tgt", "output", "review_below", "report_omissions"])]
    pub batch: Option<PathBuf>,
    /// With --batch: the directory for outputs (NAME.EXT each, and
    /// summary.json); `aligned` when not given.
    #[arg(long)]
    pub out_dir: Option<PathBuf>,
    /// With --batch: take only lines K, K+N, K+2N, … (K/N, 1-based), for array jobs.
    #[arg(long)]
    pub shard: Option<String>,
    /// With --batch: skip pairs whose output exists and is newer than both inputs.
    #[arg(long)]
    pub resume: bool,
    /// Save the lexicon learned from the aligned texts (with --batch: over
    /// every pair, one language pair only) to FILE, for `--dict FILE`:
    /// hunalign's `target @ source` lines, or the bundled format for a name
    /// ending in `.tsv.gz`.
    #[arg(long, value_name = "FILE", conflicts_with = "no_learn")]
    pub save_lexicon: Option<PathBuf>,
}

/// A confidence threshold, from 0 to 1 as confidences are: `NaN` made no
/// link doubtful and `50` (a percentage) every one, both without a word.
fn confidence(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err("a confidence is a number from 0 to 1 (0.5 is the default)".to_string()),
    }
}

/// `review --alignment FILE` shows an alignment already made: the flags
/// that only change how texts are aligned (where the dictionary comes
/// from, the aligner's settings) would do nothing, so any typed is refused
/// by name rather than ignored. Taken from [`DataArgs`] and
/// [`AlignSettings`] themselves, so a flag added there is covered.
pub fn refuse_aligner_flags(m: &clap::ArgMatches, alignment: &std::path::Path) -> transalign::Result<()> {
    use clap::Args;
    let aligner = AlignSettings::augment_args(DataArgs::augment_args(clap::Command::new("aligner")));
    let given: Vec<String> = aligner
        .get_arguments()
        .filter(|a| m.value_source(a.get_id().as_str()) == Some(clap::parser::ValueSource::CommandLine))
        .map(|a| a.get_long().map_or_else(|| a.get_id().to_string(), |l| format!("--{l}")))
        .collect();
    if given.is_empty() {
        return Ok(());
    }
    let (flags, it, them) = match given.len() {
        1 => (given[0].clone(), "it", "it"),
        _ => (given.join(", "), "they", "them"),
    };
    Err(transalign::Error::usage(format!(
        "{flags}: --alignment {} is an alignment already made, and {it} only change{} how review aligns texts itself; drop {them}, or drop --alignment to align the texts anew",
        alignment.display(),
        if given.len() == 1 { "s" } else { "" }
    )))
}

/// A language flag's value, checked against ISO 639 (with the nearest code
/// when it is not one); `und` is `None`, detected as when the flag is absent.
pub fn lang_arg(s: &Option<String>, flag: &str) -> transalign::Result<Option<Lang>> {
    match s {
        None => Ok(None),
        Some(code) => transalign::lang::parse_given(code).map_err(|why| {
            transalign::Error::new(transalign::ErrorKind::LanguageCode { code: format!("{flag} {code}"), why })
        }),
    }
}

#[derive(clap::Args)]
pub struct MultiArgs {
    /// The pivot text (usually the original), then its translations.
    #[arg(required = true, num_args = 2..)]
    pub texts: Vec<PathBuf>,
    /// The texts' languages, pivot first (e.g. fr,nl,de); detected when
    /// absent, and for a text given und (fr,und,de).
    #[arg(long, value_delimiter = ',')]
    pub langs: Vec<String>,
    /// Inputs have one segment per line.
    #[arg(long, conflicts_with = "input_format")]
    pub segmented: bool,
    /// Syntax of every input (default: from each file's name and content).
    #[arg(long, value_parser = choice::<Syntax>())]
    pub input_format: Option<Syntax>,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub settings: AlignSettings,
    /// Output format (default: the one -o FILE's extension names, .xml
    /// being TEI, else json).
    #[arg(long, value_parser = choice::<MultiFormat>())]
    pub format: Option<MultiFormat>,
    /// Which translations are aligned to each other to check the rows.
    #[arg(long, value_parser = choice::<CheckMode>(), default_value = "chain")]
    pub check: CheckMode,
    /// Let the check replace a pivot pair's links where they are the least
    /// confident of three (measured: see the README); without it the check
    /// only flags.
    #[arg(long)]
    pub repair: bool,
    /// Output file (`-` or absent: standard output).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

impl MultiArgs {
    pub fn options(&self) -> transalign::Result<transalign::jobs::multi::MultiOptions> {
        // The repair acts on what the check finds: without one it would
        // silently do nothing.
        if self.repair && self.check == transalign::jobs::multi::CheckMode::None {
            return Err(transalign::Error::usage("--repair needs a check: drop --check none (or --repair)"));
        }
        Ok(transalign::jobs::multi::MultiOptions {
            segmented: self.segmented,
            syntax: self.input_format,
            langs: transalign::jobs::multi::parse_langs(&self.langs)?,
            config: self.settings.config()?,
            check: self.check,
            repair: self.repair.then(Default::default),
        })
    }
}

/// The format given, else the one `output`'s name asks for (see
/// [`format_of_output`]), else `default`. A name whose extension is another
/// command's format (`titles -o t.html`, `report -o r.xml`) is refused:
/// it wrote the default format into it, exit 0.
pub fn output_format<T: Choice>(given: Option<T>, output: Option<&Path>, default: T) -> Result<T> {
    Ok(output_format_named(given, output)?.unwrap_or(default))
}

/// [`output_format`] without a default: `None` when neither `--format`
/// nor `output`'s name says (see [`pair_format`]).
fn output_format_named<T: Choice>(given: Option<T>, output: Option<&Path>) -> Result<Option<T>> {
    refuse_compressed(output)?;
    if given.is_some() {
        return Ok(given);
    }
    let names: Vec<&str> = T::ALL.iter().map(|(_, n, _)| *n).collect();
    refuse_foreign_extension(output, &names, true)?;
    Ok(format_of_output(output))
}

/// Whether `output` is named `*.EXT` (any case): `xml` is TEI or XCES,
/// which the name alone does not tell apart.
pub fn has_extension(output: Option<&Path>, ext: &str) -> bool {
    output.and_then(Path::extension).is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// A pairwise format: `--format`, else the one `-o`'s name says; `None`
/// when neither says. `.xml` is refused: TEI or XCES.
pub fn pair_format(given: Option<Format>, output: Option<&Path>) -> Result<Option<Format>> {
    if given.is_none() && has_extension(output, "xml") {
        return Err(transalign::Error::usage("-o FILE.xml: give --format tei or --format xces (both are XML)"));
    }
    output_format_named(given, output)
}

/// `output`'s extension, lower case, with the aliases the formats are known
/// by (`.htm` is `html`, `.txt` is `text`); `None` for standard output, no
/// extension, or one that is not UTF-8.
fn output_extension(output: Option<&Path>) -> Option<String> {
    let output = output.filter(|o| !transalign::io::is_stdio(o))?;
    let ext = output.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "htm" => "html".to_string(),
        "txt" => "text".to_string(),
        _ => ext,
    })
}

/// The format an output file's name asks for when `--format` is not given:
/// `-o out.tmx` writes TMX, where it wrote the default format (beads, JSON,
/// text) into a file named `.tmx` and exited 0. `None` for standard output
/// or an extension that is none of the command's format names (`.htm` is
/// `html`, `.txt` is `text`: `align -o out.txt` wrote beads).
fn format_of_output<T: Choice>(output: Option<&Path>) -> Option<T> {
    let ext = output_extension(output)?;
    T::ALL.iter().find(|(_, name, _)| *name == ext).map(|(v, _, _)| *v)
}

/// Every extension that names a format some command writes (`.xml`: TEI
/// or XCES), or one only read (`.md`, `.docx`, …). An output so named asks
/// for that format (and is refused for the second); an extension outside
/// this list (`.out`, none) leaves the command its default.
fn is_format_extension(ext: &str) -> bool {
    is_input_extension(ext) || is_output_extension(ext)
}

/// Extensions of the pages and books the tool reads and never writes:
/// `align -o notes.md` replaced an existing Markdown page with beads,
/// `report -o r.epub` wrote text into a file named as a book, exit 0.
fn is_input_extension(ext: &str) -> bool {
    ["md", "markdown", "mdown", "dokuwiki", "dw", "wiki", "mediawiki", "wikitext", "mw", "epub", "docx"].contains(&ext)
}

/// Whether `ext` names a format some command writes.
fn is_output_extension(ext: &str) -> bool {
    fn names<T: Choice>() -> impl Iterator<Item = &'static str> {
        T::ALL.iter().map(|(_, n, _)| *n)
    }
    ext == "xml"
        || names::<Format>()
            .chain(names::<MultiFormat>())
            .chain(names::<ReportFormat>())
            .chain(names::<TitlesFormat>())
            .any(|n| n == ext)
}

/// Extensions of compressed files and archives: `align -o out.tmx.gz`
/// wrote plain beads into a file named `.gz`, exit 0.
const COMPRESSED_EXTENSIONS: &[&str] = &["gz", "tgz", "bz2", "xz", "zst", "lz4", "lzma", "zip", "7z", "z"];

/// Extensions of spreadsheets the tool does not write: `align -o out.csv`
/// wrote beads into a file named `.csv`, exit 0 (TSV is what it writes).
const SPREADSHEET_EXTENSIONS: &[&str] = &["csv", "xlsx", "xls", "ods"];

/// Refuse `-o FILE` named as a compressed file, `--format` or not: no
/// command compresses what it writes.
fn refuse_compressed(output: Option<&Path>) -> Result<()> {
    let Some(ext) = output_extension(output) else { return Ok(()) };
    if !COMPRESSED_EXTENSIONS.contains(&ext.as_str()) {
        return Ok(());
    }
    let file = output.unwrap_or(Path::new(""));
    let plain = file.with_extension("");
    Err(transalign::Error::usage(format!(
        "-o {}: outputs are not compressed: write {} and compress it afterwards",
        file.display(),
        plain.display()
    )))
}

/// Refuse `-o FILE` whose extension names a format this command does not
/// write (`writes`: its format names, `tei`/`xml` for TEI): `tei -o
/// page.html` wrote TEI XML into a file named `.html`, exit 0.
/// `format_flag`: whether the command has `--format` to offer instead.
pub fn refuse_foreign_extension(output: Option<&Path>, writes: &[&str], format_flag: bool) -> Result<()> {
    refuse_compressed(output)?;
    let Some(ext) = output_extension(output) else { return Ok(()) };
    if SPREADSHEET_EXTENSIONS.contains(&ext.as_str()) {
        let file = output.map(|o| o.display().to_string()).unwrap_or_default();
        let tsv = if writes.contains(&"tsv") {
            "; name the file .tsv for tab-separated values, which spreadsheets open"
        } else {
            ""
        };
        let or_format = if format_flag { ", or give --format" } else { "" };
        return Err(transalign::Error::usage(format!(
            "-o {file}: this command writes no {} file{tsv}{or_format}",
            ext.to_ascii_uppercase()
        )));
    }
    if writes.contains(&ext.as_str()) || !is_format_extension(&ext) {
        return Ok(());
    }
    let file = output.map(|o| o.display().to_string()).unwrap_or_default();
    let suffixes: Vec<String> = writes
        .iter()
        .map(|w| match *w {
            "text" => ".txt".to_string(),
            other => format!(".{other}"),
        })
        .collect();
    let names = match suffixes.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    };
    let or_format = if format_flag { ", or give --format" } else { "" };
    let what = if is_input_extension(&ext) {
        format!("is named as an input ({ext}), a format no command writes")
    } else {
        format!("names the {ext} format, which this command does not write")
    };
    Err(transalign::Error::usage(format!("-o {file} {what}: name the file {names}{or_format}")))
}
