//! The `transalign` command line: parses flags and calls the library.
//!
//! Exit status: 0 done; 1 done, with findings the run was asked to fail on
//! (`report --fail-on`); 2 usage or input error (the message names the
//! file and place).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use transalign::align::{self, Config};
use transalign::formats::Format;
use transalign::read::Syntax;
use transalign::run;
use transalign::{Lang, io, tei};

#[derive(Parser)]
#[command(
    name = "transalign",
    version,
    about = "What corresponds to what across languages: wiki pages to TEI, segment and title alignment, coverage reports",
    after_help = "Exit status: 0 done; 1 findings asked for with report --fail-on; 2 usage or input error.\n`-` is standard input for an input file and standard output for -o."
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
    /// Print errors and warnings only: no notes, no progress bar.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Say more (-v: data files with their paths, timings).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
}

/// What the run prints on standard error, and how much.
#[derive(Clone, Copy)]
struct Ui {
    quiet: bool,
    verbose: u8,
}

impl Ui {
    fn note(&self, msg: &str) {
        if !self.quiet {
            eprintln!("transalign: {msg}");
        }
    }
    fn detail(&self, msg: &str) {
        if !self.quiet && self.verbose > 0 {
            eprintln!("transalign: {msg}");
        }
    }
    fn warn(&self, msg: &str) {
        eprintln!("transalign: warning: {msg}");
    }
    /// A progress bar on a terminal (none with --quiet or off a terminal).
    fn bar(&self, len: Option<u64>, what: &str) -> indicatif::ProgressBar {
        if self.quiet || !std::io::stderr().is_terminal() {
            return indicatif::ProgressBar::hidden();
        }
        let bar = match len {
            Some(n) => indicatif::ProgressBar::new(n).with_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg} {bar:30} {pos}/{len} {elapsed}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            ),
            None => indicatif::ProgressBar::new_spinner().with_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            ),
        };
        bar.set_message(what.to_string());
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    }
}

#[derive(Subcommand)]
enum Cmd {
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
        #[arg(long, value_enum)]
        input_format: Option<Syntax>,
        /// Output file (`-` or absent: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Align the segments of a text and its translation.
    Align(AlignArgs),
    /// Make the review page of two texts (aligned now, or by --alignment).
    Review {
        /// Source text.
        src: PathBuf,
        /// Target text.
        tgt: PathBuf,
        /// An existing alignment of the two (beads or alignment JSON) instead of aligning now.
        /// An alignment JSON brings its own texts, with the corrections made in it.
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
        #[arg(long, default_value_t = 0.5)]
        review_below: f64,
    },
    /// Write an alignment JSON (e.g. corrected in the review page) in another format.
    Convert {
        /// The alignment JSON file (`-` for standard input).
        alignment: PathBuf,
        /// Output format.
        #[arg(long, value_enum)]
        format: Format,
        /// Output file (`-` or absent: standard output; a prefix for moses; needed for xces).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Match the translated titles of a page with their originals.
    Titles {
        /// The page (`-` for standard input).
        page: PathBuf,
        /// Its syntax (default: from its name and content).
        #[arg(long, value_enum)]
        input_format: Option<Syntax>,
        #[command(flatten)]
        data: DataArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: TitlesFormat,
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
        #[arg(long, value_enum)]
        input_format: Option<Syntax>,
        #[command(flatten)]
        data: DataArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
        /// Output file (`-` or absent: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Exit with status 1 when the report finds these (for pipelines):
        /// mismatch = a title without original, a year conflict, a variant
        /// or duplicate, a catalogue problem; untranslated = an original
        /// without translation.
        #[arg(long, value_enum, value_delimiter = ',')]
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
        /// Print JSON instead of the table.
        #[arg(long)]
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
        /// Directory of the pages.
        #[arg(long, default_value = "corpora/nl")]
        pages: PathBuf,
        #[command(flatten)]
        data: DataArgs,
        /// Print JSON (per page, every title) instead of the table.
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `transalign man > transalign.1`.
    Man,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Finding {
    Mismatch,
    Untranslated,
}

/// Where lexicons and morphology come from (shared by every command that uses them).
#[derive(clap::Args, Clone, Default)]
#[command(after_help = transalign::data::LOOKUP_HELP)]
struct DataArgs {
    /// Dictionary files: FreeDict dictd (.index), bundled (.tsv.gz) or
    /// hunalign (target @ source); an empty file means no dictionary.
    /// Default: looked up (see below).
    #[arg(long = "dict", value_name = "FILE")]
    dicts: Vec<PathBuf>,
    /// Use no dictionary (length, cognates, names and numbers only).
    #[arg(long, conflicts_with = "dicts")]
    no_dict: bool,
    /// Do not add translations through English for words the dictionary lacks.
    #[arg(long)]
    no_pivot: bool,
    /// Morphology file: bundled (.morph.gz) or Hunspell (.dic with its .aff).
    #[arg(long, value_name = "FILE")]
    morph: Option<PathBuf>,
}

impl DataArgs {
    fn config(&self) -> transalign::data::DataConfig {
        transalign::data::DataConfig {
            dicts: self.dicts.clone(),
            no_dict: self.no_dict,
            no_pivot: self.no_pivot,
            morph: self.morph.clone(),
        }
    }
}

#[derive(Subcommand)]
enum DataCmd {
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
        /// The data directory (default: the bundled one).
        dir: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum TitlesFormat {
    Text,
    Json,
    Tsv,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormat {
    Text,
    Json,
    Tsv,
    Html,
}

/// How to read the two texts of a pair.
#[derive(clap::Args, Clone)]
struct ReadArgs {
    /// Source language (ISO 639-1 or 639-3, e.g. de); detected when absent.
    #[arg(long)]
    src_lang: Option<String>,
    /// Target language; detected when absent.
    #[arg(long)]
    tgt_lang: Option<String>,
    /// Inputs have one segment per line.
    #[arg(long, conflicts_with = "input_format")]
    segmented: bool,
    /// Syntax of both inputs (default: from each file's name and content).
    #[arg(long, value_enum)]
    input_format: Option<Syntax>,
}

impl ReadArgs {
    fn read_as(&self) -> transalign::Result<run::ReadAs> {
        Ok(run::ReadAs {
            segmented: self.segmented,
            syntax: self.input_format,
            src_lang: lang_arg(&self.src_lang, "--src-lang")?,
            tgt_lang: lang_arg(&self.tgt_lang, "--tgt-lang")?,
        })
    }
}

/// The aligner's settings.
#[derive(clap::Args, Clone)]
struct AlignSettings {
    /// Bead types allowed, as SRC-TGT counts; must include 1-1, 1-0 and 0-1.
    #[arg(long, value_delimiter = ',', default_value = "1-1,1-0,0-1,2-1,1-2,2-2,3-1,1-3,4-1,1-4")]
    beads: Vec<String>,
    /// Band radius: how many segments either side of the coarse path are searched.
    #[arg(long, default_value_t = 5)]
    band_radius: usize,
    /// Weight of lexical evidence (nats per shared dictionary word, cognate, name or number).
    #[arg(long, default_value_t = 1.0)]
    lexical_weight: f64,
}

impl AlignSettings {
    fn config(&self) -> transalign::Result<Config> {
        let mut beads = Vec::new();
        for b in &self.beads {
            let bad = || transalign::Error::invalid(format!("--beads {b}: expected SRC-TGT counts such as 2-1"));
            let (s, t) = b.trim().split_once('-').ok_or_else(bad)?;
            let pair: (usize, usize) = (s.parse().map_err(|_| bad())?, t.parse().map_err(|_| bad())?);
            let known = align::default_beads();
            if !known.iter().any(|d| (d.a, d.b) == pair) {
                let names: Vec<String> = known.iter().map(|d| format!("{}-{}", d.a, d.b)).collect();
                return Err(transalign::Error::invalid(format!(
                    "--beads {b}: not a bead type the aligner knows ({})",
                    names.join(", ")
                )));
            }
            beads.push(pair);
        }
        for need in [(1, 1), (1, 0), (0, 1)] {
            if !beads.contains(&need) {
                return Err(transalign::Error::invalid(format!(
                    "--beads must include {}-{}: without it some texts have no alignment at all",
                    need.0, need.1
                )));
            }
        }
        if self.band_radius == 0 || !(self.lexical_weight.is_finite() && self.lexical_weight >= 0.0) {
            return Err(transalign::Error::invalid("--band-radius must be at least 1 and --lexical-weight at least 0"));
        }
        Ok(Config { beads, radius: self.band_radius, lambda: self.lexical_weight, ..Config::default() })
    }
}

#[derive(clap::Args)]
struct AlignArgs {
    /// Source text (`-` for standard input; omit with --batch).
    #[arg(required_unless_present = "batch")]
    src: Option<PathBuf>,
    /// Target text (omit with --batch).
    #[arg(required_unless_present = "batch")]
    tgt: Option<PathBuf>,
    #[command(flatten)]
    read: ReadArgs,
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    settings: AlignSettings,
    /// Output format (html: the review page).
    #[arg(long, value_enum, default_value = "beads")]
    format: Format,
    /// Output file (`-` or absent: standard output; a prefix for moses; needed for xces).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Links with confidence below this are listed on standard error for review.
    #[arg(long, default_value_t = 0.5)]
    review_below: f64,
    /// List every segment left without a counterpart on standard error:
    /// where it sits, its text, and why (the JSON output always says why).
    #[arg(long)]
    report_omissions: bool,
    /// Align many pairs: a TSV manifest of SRC<TAB>TGT[<TAB>NAME] lines.
    #[arg(long, conflicts_with_all = ["src", "tgt", "output"])]
    batch: Option<PathBuf>,
    /// With --batch: the directory for outputs (NAME.EXT each, and summary.json).
    #[arg(long, default_value = "aligned")]
    out_dir: PathBuf,
    /// With --batch: take only lines K, K+N, K+2N, … (K/N, 1-based), for array jobs.
    #[arg(long)]
    shard: Option<String>,
    /// With --batch: skip pairs whose output exists and is newer than both inputs.
    #[arg(long)]
    resume: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ui = Ui { quiet: cli.quiet, verbose: cli.verbose };
    match run(cli.cmd, ui) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("transalign: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cmd: Cmd, ui: Ui) -> transalign::Result<ExitCode> {
    match cmd {
        Cmd::Tei { page, input_format, output } => {
            let loaded = transalign::read::load(&page, input_format)?;
            // Errors inside are about the page, not the output file.
            io::write_output(output.as_deref(), |w| tei::write_loaded(&loaded, w).map_err(|e| e.in_file(&page)))?;
        }
        Cmd::Corpus { corpora, out, data } => {
            let bar = ui.bar(None, "regenerating the shipped outputs");
            let written = transalign::corpus::build(
                &corpora,
                &out,
                &data.config(),
                &mut |n| bar.suspend(|| ui.note(n)),
                &mut |p| bar.suspend(|| ui.detail(&format!("wrote {}", p.display()))),
            )?;
            bar.finish_and_clear();
            ui.note(&format!("{} files regenerated under {}", written.len(), out.display()));
        }
        Cmd::Data(d) => cmd_data(d)?,
        Cmd::Align(a) => match &a.batch {
            Some(m) => return cmd_align_batch(&a, m, ui),
            None => cmd_align(&a, ui)?,
        },
        Cmd::Review { src, tgt, alignment, read, data, settings, output, serve, port, review_below } => {
            let page = transalign::review::PageOptions { threshold: review_below, served: serve };
            let serve = serve.then_some(transalign::review::serve::ServeOptions { port, page: page.clone() });
            cmd_review(&src, &tgt, alignment.as_deref(), &read, &data, &settings, output.as_deref(), &page, serve, ui)?
        }
        Cmd::Convert { alignment, format, output } => {
            run::convert(&alignment, format, output.as_deref())?;
        }
        Cmd::Eval { gold, test, json } => cmd_eval(&gold, &test, json)?,
        Cmd::EvalTitles { gold_dir, pages, data, json } => return cmd_eval_titles(&gold_dir, &pages, &data, json, ui),
        Cmd::Report { pages, input_format, data, format, output, fail_on } => {
            let files = transalign::report::page_files(&pages)?;
            let bar = ui.bar(Some(files.len() as u64), "pages");
            let out = output.as_deref().filter(|o| !io::is_stdio(o));
            let mut note = |n: &str| bar.suspend(|| ui.note(n));
            let (cfg, mut parts) = (data.config(), Vec::new());
            // Each page is written as it is read: a report over thousands of
            // pages never holds them all.
            let summary = io::write_output(output.as_deref(), |w| {
                use transalign::report as rep;
                let step = || bar.inc(1);
                let summary = match format {
                    ReportFormat::Text => {
                        let s = rep::stream(&files, input_format, &cfg, &mut note, &mut |p| {
                            step();
                            Ok(w.write_all(rep::text_page(&p).as_bytes())?)
                        })?;
                        w.write_all(rep::text_summary(&s).as_bytes())?;
                        s
                    }
                    ReportFormat::Tsv => {
                        w.write_all(rep::TSV_HEADER.as_bytes())?;
                        let s = rep::stream(&files, input_format, &cfg, &mut note, &mut |p| {
                            step();
                            Ok(w.write_all(rep::tsv_page(&p).as_bytes())?)
                        })?;
                        w.write_all(rep::tsv_summary(&s).as_bytes())?;
                        s
                    }
                    ReportFormat::Json => {
                        let mut jw = rep::JsonWriter::new(w)?;
                        let s = rep::stream(&files, input_format, &cfg, &mut note, &mut |p| {
                            step();
                            jw.page(&p)
                        })?;
                        jw.finish(&s)?;
                        s
                    }
                    ReportFormat::Html => {
                        let mut hw = rep::HtmlWriter::new(out);
                        let s = rep::stream(&files, input_format, &cfg, &mut note, &mut |p| {
                            step();
                            hw.page(&p)
                        })?;
                        parts = hw.parts().to_vec();
                        w.write_all(hw.finish(&s)?.as_bytes())?;
                        s
                    }
                };
                Ok(summary)
            })?;
            bar.finish_and_clear();
            if !parts.is_empty() {
                ui.note(&format!(
                    "{} pages: the report is an index with {} part files beside it",
                    summary.pages,
                    parts.len()
                ));
            }
            for w in summary.data.reduced_evidence.iter().chain(&summary.not_run) {
                ui.warn(w);
            }
            let counts = summary.findings;
            let mut found = Vec::new();
            if fail_on.contains(&Finding::Mismatch) && counts.mismatches > 0 {
                found.push(format!("{} mismatches", counts.mismatches));
            }
            if fail_on.contains(&Finding::Untranslated) && counts.untranslated > 0 {
                found.push(format!("{} untranslated originals", counts.untranslated));
            }
            if !found.is_empty() {
                eprintln!("transalign: findings: {}", found.join(", "));
                return Ok(ExitCode::from(1));
            }
        }
        Cmd::Titles { page, input_format, data, format, output } => {
            let a =
                transalign::report::titles_for_page(&page, input_format, &data.config(), &mut |note| ui.note(note))?;
            for w in &a.data.reduced_evidence {
                ui.warn(&format!("reduced evidence: {w}"));
            }
            io::write_output(output.as_deref(), |w| {
                let text = match format {
                    TitlesFormat::Json => transalign::report::titles_json(&a)?,
                    TitlesFormat::Tsv => transalign::report::titles_tsv(&a),
                    TitlesFormat::Text => transalign::report::titles_text(&a),
                };
                w.write_all(text.as_bytes())?;
                Ok(())
            })?;
        }
        Cmd::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "transalign", &mut out);
            io::write_output(None, |w| Ok(w.write_all(&out)?))?;
        }
        Cmd::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut out)?;
            io::write_output(None, |w| Ok(w.write_all(&out)?))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn cmd_eval_titles(gold_dir: &Path, pages: &Path, data: &DataArgs, json: bool, ui: Ui) -> transalign::Result<ExitCode> {
    use transalign::titles::eval;
    let mut golds: Vec<PathBuf> = std::fs::read_dir(gold_dir)
        .map_err(|e| transalign::Error::from(e).in_file(gold_dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".gold.tsv"))
        .collect();
    golds.sort();
    if golds.is_empty() {
        return Err(transalign::Error::invalid(format!("no *.gold.tsv files in {}", gold_dir.display())));
    }
    let page_files = transalign::report::page_files(&[pages.to_path_buf()])?;
    let mut names = Vec::new();
    let mut files = Vec::new();
    for g in &golds {
        let file = g.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let name = file.trim_end_matches(".gold.tsv").to_string();
        let page = page_files.iter().find(|p| p.file_stem().is_some_and(|s| s.to_string_lossy() == name)).ok_or_else(
            || transalign::Error::invalid(format!("no page {name}.* in {} for this gold", pages.display())).in_file(g),
        )?;
        names.push(name);
        files.push(page.clone());
    }
    let alignments = transalign::report::titles_for_pages(&files, &data.config(), &mut |n| ui.detail(n))?;
    let mut scores = Vec::new();
    for ((name, g), a) in names.iter().zip(&golds).zip(&alignments) {
        let rows = eval::read_gold(g)?;
        scores.push(eval::score(name, a, &rows).map_err(|e| e.in_file(g))?);
    }
    let total = eval::total(&scores);
    if json {
        let v = serde_json::json!({ "pages": scores, "total": total });
        println!("{}", serde_json::to_string_pretty(&v).map_err(|e| transalign::Error::invalid(e.to_string()))?);
    } else {
        print!("{}", eval::table(&scores));
        // What went wrong, each with the gold's reason.
        for s in &scores {
            for r in s
                .rows
                .iter()
                .filter(|r| r.outcome == eval::Outcome::Wrong || r.outcome == eval::Outcome::Missed || r.flags_differ)
            {
                let what = match r.outcome {
                    eval::Outcome::Wrong => "WRONG",
                    eval::Outcome::Missed => "missed",
                    _ => "flags",
                };
                println!(
                    "{what}: {}: {} → {} (gold: {}; flags {} vs gold {}) — {}",
                    s.page,
                    r.gold.title,
                    r.got.as_deref().unwrap_or("-"),
                    r.gold.original.as_deref().unwrap_or("-"),
                    r.got_flags,
                    r.gold.flags,
                    r.gold.why
                );
            }
        }
    }
    Ok(if total.wrong > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn lang_arg(s: &Option<String>, flag: &str) -> transalign::Result<Option<Lang>> {
    match s {
        None => Ok(None),
        Some(code) => Lang::new(code).map(Some).ok_or_else(|| {
            transalign::Error::invalid(format!("{flag} {code}: expected a language code such as nl, fr, de"))
        }),
    }
}

fn cmd_data(d: DataCmd) -> transalign::Result<()> {
    use transalign::data;
    match d {
        DataCmd::List { pairs, data: args } => {
            println!("{}\n", data::LOOKUP_HELP);
            println!("Places, in order:");
            for p in data::places() {
                let there = if p.dir.is_dir() { "" } else { "  (absent)" };
                println!("  {:<16} {}{there}", p.origin.to_string(), p.dir.display());
            }
            let pairs = if pairs.is_empty() {
                vec!["nl-fr".into(), "de-fr".into(), "nl-en".into(), "en-fr".into(), "de-en".into(), "is-en".into()]
            } else {
                pairs
            };
            let cfg = args.config();
            for pair in pairs {
                let (s, t) = pair
                    .split_once('-')
                    .and_then(|(s, t)| Some((Lang::new(s)?, Lang::new(t)?)))
                    .ok_or_else(|| transalign::Error::invalid(format!("{pair}: expected SRC-TGT, e.g. nl-fr")))?;
                let l = cfg.lexicon(&s, &t)?;
                println!("\n{s} → {t}: {}", if l.reduced.is_some() { "no dictionary" } else { "" });
                for u in &l.used {
                    println!("  {u}\n      {}", u.path.display());
                }
                if let Some(r) = &l.reduced {
                    println!("  {r}");
                }
            }
            let fr = Lang::new("fr").ok_or_else(|| transalign::Error::invalid("fr"))?;
            let m = cfg.morphology(&fr)?;
            println!("\nfr morphology: {}", m.note);
            if let Some(u) = &m.used {
                println!("      {}", u.path.display());
            }
            Ok(())
        }
        DataCmd::Build { dictd, hunspell, versions, out } => {
            let mut v = std::collections::BTreeMap::new();
            for nv in versions {
                let (n, ver) = nv
                    .split_once('=')
                    .ok_or_else(|| transalign::Error::invalid(format!("--version-of {nv}: expected NAME=VERSION")))?;
                v.insert(n.to_string(), ver.to_string());
            }
            let src = data::build::Sources { dictd_dirs: dictd, hunspell_dirs: hunspell, versions: v };
            for p in data::build::build(&src, &out)? {
                eprintln!("wrote {}", p.display());
            }
            Ok(())
        }
        DataCmd::Verify { dir } => {
            let dir = dir
                .or_else(data::bundled_dir)
                .ok_or_else(|| transalign::Error::invalid("no bundled data found; give the directory"))?;
            let n = data::build::verify(&dir)?;
            println!("{}: {n} files match MANIFEST.tsv", dir.display());
            Ok(())
        }
    }
}

fn summary(done: &run::Done) -> String {
    let mut types = std::collections::BTreeMap::new();
    for l in &done.alignment.links {
        *types.entry(format!("{}-{}", l.src.len(), l.tgt.len())).or_insert(0usize) += 1;
    }
    let t: Vec<String> = types.iter().map(|(k, v)| format!("{v} {k}")).collect();
    format!(
        "{} + {} segments → {} links ({})",
        done.src.segments.len(),
        done.tgt.segments.len(),
        done.alignment.links.len(),
        t.join(", ")
    )
}

/// Read, load the lexicon and align one pair, with a progress line on a terminal.
fn align_pair(
    src: &Path,
    tgt: &Path,
    read: &ReadArgs,
    data: &DataArgs,
    settings: &AlignSettings,
    ui: Ui,
) -> transalign::Result<run::Done> {
    let cfg = settings.config()?;
    let bar = ui.bar(None, "reading the texts");
    let (s, t, sl, tl) = run::read_pair(src, tgt, &read.read_as()?)?;
    bar.set_message("loading the lexicon");
    let loaded = data.config().lexicon(&sl, &tl)?;
    bar.suspend(|| ui.note(&format!("{sl} → {tl}; {}", loaded.note)));
    if let Some(r) = &loaded.reduced {
        bar.suspend(|| ui.warn(&format!("reduced evidence: {r}")));
    }
    for u in &loaded.used {
        bar.suspend(|| ui.detail(&format!("  {u}: {}", u.path.display())));
    }
    let chars = |t: &align::input::Text| t.segments.iter().map(|x| x.text.chars().count()).sum::<usize>().max(1) as f64;
    let ratio = chars(&t) / chars(&s);
    if !(1.0 / 3.0..=3.0).contains(&ratio) {
        bar.suspend(|| {
            ui.warn(&format!(
                "the texts differ {:.1}x in length; expect many unaligned segments and low confidence",
                if ratio > 1.0 { ratio } else { 1.0 / ratio }
            ))
        });
    }
    bar.set_message(format!("aligning {} × {} segments", s.segments.len(), t.segments.len()));
    let start = std::time::Instant::now();
    let done = run::align_texts(s, t, &sl, &tl, loaded.lexicon.as_ref(), &cfg);
    bar.finish_and_clear();
    ui.detail(&format!("aligned in {:.2} s", start.elapsed().as_secs_f64()));
    Ok(done)
}

fn cmd_align(a: &AlignArgs, ui: Ui) -> transalign::Result<()> {
    let (Some(src), Some(tgt)) = (&a.src, &a.tgt) else {
        return Err(transalign::Error::invalid("give SRC and TGT, or --batch MANIFEST"));
    };
    if a.format == Format::Moses && a.output.as_deref().is_none_or(io::is_stdio) {
        return Err(transalign::Error::invalid("--format moses writes two files: give -o PREFIX"));
    }
    let done = align_pair(src, tgt, &a.read, &a.data, &a.settings, ui)?;
    run::write(&done, src, tgt, a.format, a.output.as_deref())?;
    ui.note(&summary(&done));
    let low: Vec<&align::Link> = done.alignment.links.iter().filter(|l| l.confidence < a.review_below).collect();
    if !low.is_empty() && !ui.quiet {
        eprintln!("transalign: {} links below confidence {} (review these):", low.len(), a.review_below);
        for l in low.iter().take(50) {
            let ids = |segs: &[align::Segment], ix: &[usize]| {
                ix.iter().map(|&i| segs[i].id.as_str()).collect::<Vec<_>>().join(" ")
            };
            eprintln!(
                "  {:.3}  [{}] ↔ [{}]",
                l.confidence,
                ids(&done.src.segments, &l.src),
                ids(&done.tgt.segments, &l.tgt)
            );
        }
        if low.len() > 50 {
            eprintln!("  … and {} more", low.len() - 50);
        }
    }
    if a.report_omissions {
        report_omissions(&done);
    }
    Ok(())
}

/// The `--report-omissions` listing: one block per unaligned segment.
fn report_omissions(done: &run::Done) {
    let (src, tgt) = (&done.src.segments, &done.tgt.segments);
    let side = |u: &align::Unaligned| match u.side {
        align::Side::Source => ("source", src, done.alignment.src_lang.code()),
        align::Side::Target => ("target", tgt, done.alignment.tgt_lang.code()),
    };
    eprintln!(
        "transalign: {} of {} source and {} target segments left unaligned:",
        done.unaligned.len(),
        src.len(),
        tgt.len()
    );
    for u in &done.unaligned {
        let (which, segs, lang) = side(u);
        let Some(seg) = segs.get(u.segment) else { continue };
        // Where it sits: between the segments of the other text that the
        // links around it hold.
        let is_src = u.side == align::Side::Source;
        let segs_facing = if is_src { tgt } else { src };
        let facing = |l: &align::Link| if is_src { l.tgt.clone() } else { l.src.clone() };
        let ids = |l: &align::Link| {
            facing(l).iter().filter_map(|&i| segs_facing.get(i)).map(|s| s.id.as_str()).collect::<Vec<_>>().join(" ")
        };
        let links = &done.alignment.links;
        let before = links[..u.link.min(links.len())]
            .iter()
            .rev()
            .find(|l| !facing(l).is_empty())
            .map_or_else(|| "start".into(), ids);
        let after = links.iter().skip(u.link + 1).find(|l| !facing(l).is_empty()).map_or_else(|| "end".into(), ids);
        let text: String = seg.text.chars().take(100).collect();
        let more = if seg.text.chars().count() > 100 { "…" } else { "" };
        eprintln!(
            "  {which} {} ({lang}), link {}, confidence {:.3}, between [{before}] and [{after}]",
            seg.id, u.link, u.confidence
        );
        eprintln!("    {text}{more}");
        eprintln!("    why: {}", u.reason());
    }
}

#[allow(clippy::too_many_arguments)]
fn cmd_review(
    src: &Path,
    tgt: &Path,
    alignment: Option<&Path>,
    read: &ReadArgs,
    data: &DataArgs,
    settings: &AlignSettings,
    output: Option<&Path>,
    page: &transalign::review::PageOptions,
    serve: Option<transalign::review::serve::ServeOptions>,
    ui: Ui,
) -> transalign::Result<()> {
    use transalign::review;
    // An alignment JSON is the work itself: its texts carry the corrections.
    let json = alignment.map(review::read_json).transpose()?.flatten();
    let file = match (json, alignment) {
        (Some(f), _) => f,
        (None, Some(al)) => {
            let (s, t, sl, tl) = run::read_pair(src, tgt, &read.read_as()?)?;
            let links = transalign::eval::read_links(al, s.segments.len(), t.segments.len())?;
            let alignment = align::Alignment { src_lang: sl, tgt_lang: tl, links };
            let done = run::Done { alignment, src: s, tgt: t, unaligned: Vec::new(), anchors: Vec::new() };
            review::file_of(&done, src, tgt)
        }
        (None, None) => {
            let done = align_pair(src, tgt, read, data, settings, ui)?;
            ui.note(&summary(&done));
            review::file_of(&done, src, tgt)
        }
    };
    match serve {
        Some(opts) => {
            let out =
                output.ok_or_else(|| transalign::Error::invalid("--serve saves every edit: give -o FILE.json"))?;
            review::serve::run(file, alignment, out, &opts, &mut |url| {
                println!("{url}");
                let _ = std::io::Write::flush(&mut std::io::stdout());
                ui.note(&format!(
                    "serving the review on 127.0.0.1; every edit is saved to {}; Ctrl-C stops",
                    out.display()
                ));
            })?;
            ui.note(&format!("stopped; the work is in {}", out.display()));
        }
        None => io::write_output(output, |w| review::write_file(&file, page, w))?,
    }
    Ok(())
}

fn cmd_align_batch(a: &AlignArgs, manifest: &Path, ui: Ui) -> transalign::Result<ExitCode> {
    let mut pairs = run::read_manifest(manifest)?;
    let shard = match &a.shard {
        Some(s) => Some(run::parse_shard(s)?),
        None => None,
    };
    if let Some((k, n)) = shard {
        pairs = run::shard(pairs, k, n);
    }
    let opts = run::BatchOptions {
        format: a.format,
        out_dir: a.out_dir.clone(),
        read: a.read.read_as()?,
        resume: a.resume,
        config: a.settings.config()?,
        shard,
    };
    let bar = ui.bar(Some(pairs.len() as u64), "pairs");
    let results = run::batch(&pairs, &opts, &a.data.config(), &|n| bar.suspend(|| ui.note(n)), &|r| {
        if let Some(e) = &r.error {
            bar.suspend(|| eprintln!("transalign: {}: {e}", r.pair));
        }
        bar.inc(1);
    })?;
    bar.finish_and_clear();
    let failed = results.iter().filter(|r| r.status == "failed").count();
    let skipped = results.iter().filter(|r| r.status == "skipped").count();
    ui.note(&format!(
        "{} pairs aligned into {}, {skipped} skipped (up to date), {failed} failed; see summary*.json there",
        results.len() - failed - skipped,
        a.out_dir.display()
    ));
    if failed > 0 {
        return Err(transalign::Error::invalid(format!("{failed} of {} pairs failed", results.len())));
    }
    Ok(ExitCode::SUCCESS)
}

fn cmd_eval(gold: &[PathBuf], test: &[PathBuf], json: bool) -> transalign::Result<()> {
    if gold.len() != test.len() {
        return Err(transalign::Error::invalid(format!(
            "{} gold files but {} test files: give them in pairs",
            gold.len(),
            test.len()
        )));
    }
    let mut pairs = Vec::new();
    for (g, t) in gold.iter().zip(test) {
        pairs.push((transalign::eval::read_alignment(g)?, transalign::eval::read_alignment(t)?));
    }
    let s = transalign::eval::score_all(&pairs);
    let text = if json {
        serde_json::to_string_pretty(&s).map_err(|e| transalign::Error::invalid(e.to_string()))? + "\n"
    } else {
        s.table()
    };
    io::write_output(None, |w| Ok(w.write_all(text.as_bytes())?))
}
