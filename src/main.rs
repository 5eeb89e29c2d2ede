//! The `transalign` command line: parses flags and calls the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use transalign::align::{self, Config};
use transalign::formats::Format;
use transalign::read::Syntax;
use transalign::run;
use transalign::{Lang, io, tei};

#[derive(Parser)]
#[command(
    name = "transalign",
    version,
    about = "What corresponds to what across languages: wiki pages to TEI, segment and title alignment, coverage reports"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
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
        /// The page.
        page: PathBuf,
        /// Its syntax (default: from its name and content).
        #[arg(long, value_enum)]
        input_format: Option<Syntax>,
        /// Output file (standard output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Align the segments of a text and its translation.
    Align(AlignArgs),
    /// Match the translated titles of a page with their originals.
    Titles {
        /// The page.
        page: PathBuf,
        /// Its syntax (default: from its name and content).
        #[arg(long, value_enum)]
        input_format: Option<Syntax>,
        #[command(flatten)]
        data: DataArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: TitlesFormat,
        /// Output file (standard output when absent).
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
        /// Output file (standard output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Score alignments against gold alignments (strict and lax P/R/F1).
    Eval {
        /// Gold bead files, one per document pair.
        #[arg(long, num_args = 1.., required = true)]
        gold: Vec<PathBuf>,
        /// System bead files, in the same order as --gold.
        #[arg(long, num_args = 1.., required = true)]
        test: Vec<PathBuf>,
        /// Print JSON instead of the table.
        #[arg(long)]
        json: bool,
    },
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

#[derive(clap::Args)]
struct AlignArgs {
    /// Source text (omit with --batch).
    #[arg(required_unless_present = "batch")]
    src: Option<PathBuf>,
    /// Target text (omit with --batch).
    #[arg(required_unless_present = "batch")]
    tgt: Option<PathBuf>,
    /// Source language (ISO 639-1, e.g. de); detected when absent.
    #[arg(long)]
    src_lang: Option<String>,
    /// Target language; detected when absent.
    #[arg(long)]
    tgt_lang: Option<String>,
    #[command(flatten)]
    data: DataArgs,
    /// Inputs have one segment per line.
    #[arg(long, conflicts_with = "input_format")]
    segmented: bool,
    /// Syntax of both inputs (default: from each file's name and content).
    #[arg(long, value_enum)]
    input_format: Option<Syntax>,
    /// Output format.
    #[arg(long, value_enum, default_value = "beads")]
    format: Format,
    /// Output file (standard output when absent; a prefix for moses).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Links with confidence below this are listed on standard error for review.
    #[arg(long, default_value_t = 0.5)]
    review_below: f64,
    /// Align many pairs: a TSV manifest of SRC<TAB>TGT[<TAB>NAME] lines.
    #[arg(long, conflicts_with_all = ["src", "tgt", "output"])]
    batch: Option<PathBuf>,
    /// With --batch: the directory for outputs (NAME.EXT each).
    #[arg(long, default_value = "aligned")]
    out_dir: PathBuf,
    /// With --batch: take only lines K, K+N, K+2N, … (K/N, 1-based), for array jobs.
    #[arg(long)]
    shard: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("transalign: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> transalign::Result<()> {
    match cli.cmd {
        Cmd::Tei { page, input_format, output } => cmd_tei(&page, input_format, output.as_deref()),
        Cmd::Corpus { corpora, out, data } => {
            let written = transalign::corpus::build(
                &corpora,
                &out,
                &data.config(),
                &mut |n| eprintln!("transalign: {n}"),
                &mut |p| eprintln!("wrote {}", p.display()),
            )?;
            eprintln!("{} files regenerated under {}", written.len(), out.display());
            Ok(())
        }
        Cmd::Data(d) => cmd_data(d),
        Cmd::Align(a) => match &a.batch {
            Some(m) => cmd_align_batch(&a, m),
            None => cmd_align(&a),
        },
        Cmd::Eval { gold, test, json } => cmd_eval(&gold, &test, json),
        Cmd::Report { pages, input_format, data, format, output } => {
            let r = transalign::report::build(&pages, input_format, &data.config(), &mut |note| {
                eprintln!("transalign: {note}")
            })?;
            for w in r.data.reduced_evidence.iter().chain(&r.not_run) {
                eprintln!("transalign: warning: {w}");
            }
            io::write_output(output.as_deref(), |w| {
                let text = match format {
                    ReportFormat::Text => transalign::report::render_text(&r),
                    ReportFormat::Json => transalign::report::render_json(&r)?,
                    ReportFormat::Tsv => transalign::report::render_tsv(&r),
                    ReportFormat::Html => transalign::report::render_html(&r),
                };
                w.write_all(text.as_bytes())?;
                Ok(())
            })
        }
        Cmd::Titles { page, input_format, data, format, output } => {
            let a = transalign::report::titles_for_page(&page, input_format, &data.config(), &mut |note| {
                eprintln!("transalign: {note}")
            })?;
            for w in &a.data.reduced_evidence {
                eprintln!("transalign: warning: reduced evidence: {w}");
            }
            io::write_output(output.as_deref(), |w| {
                let text = match format {
                    TitlesFormat::Json => transalign::report::titles_json(&a)?,
                    TitlesFormat::Tsv => transalign::report::titles_tsv(&a),
                    TitlesFormat::Text => transalign::report::titles_text(&a),
                };
                w.write_all(text.as_bytes())?;
                Ok(())
            })
        }
    }
}

fn cmd_tei(page: &Path, syntax: Option<Syntax>, output: Option<&Path>) -> transalign::Result<()> {
    let loaded = transalign::read::load(page, syntax)?;
    // Errors inside are about the page, not the output file.
    io::write_output(output, |w| tei::write_loaded(&loaded, w).map_err(|e| e.in_file(page)))
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

fn read_as(a: &AlignArgs) -> transalign::Result<run::ReadAs> {
    Ok(run::ReadAs {
        segmented: a.segmented,
        syntax: a.input_format,
        src_lang: lang_arg(&a.src_lang, "--src-lang")?,
        tgt_lang: lang_arg(&a.tgt_lang, "--tgt-lang")?,
    })
}

fn cmd_align(a: &AlignArgs) -> transalign::Result<()> {
    let (Some(src), Some(tgt)) = (&a.src, &a.tgt) else {
        return Err(transalign::Error::invalid("give SRC and TGT, or --batch MANIFEST"));
    };
    if a.format == Format::Moses && a.output.is_none() {
        return Err(transalign::Error::invalid("--format moses writes two files: give -o PREFIX"));
    }
    let (s, t, sl, tl) = run::read_pair(src, tgt, &read_as(a)?)?;
    let loaded = a.data.config().lexicon(&sl, &tl)?;
    eprintln!("transalign: {sl} → {tl}; {}", loaded.note);
    let lex = loaded.lexicon;
    let chars = |t: &align::input::Text| t.segments.iter().map(|x| x.text.chars().count()).sum::<usize>().max(1) as f64;
    let ratio = chars(&t) / chars(&s);
    if !(1.0 / 3.0..=3.0).contains(&ratio) {
        eprintln!(
            "transalign: warning: the texts differ {:.1}x in length; expect many unaligned segments and low confidence",
            if ratio > 1.0 { ratio } else { 1.0 / ratio }
        );
    }
    let done = run::align_texts(s, t, &sl, &tl, lex.as_ref(), &Config::default());
    run::write(&done, src, tgt, a.format, a.output.as_deref())?;
    eprintln!("transalign: {}", summary(&done));
    let low: Vec<&align::Link> = done.alignment.links.iter().filter(|l| l.confidence < a.review_below).collect();
    if !low.is_empty() {
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
    Ok(())
}

fn cmd_align_batch(a: &AlignArgs, manifest: &Path) -> transalign::Result<()> {
    use rayon::prelude::*;
    let mut pairs = run::read_manifest(manifest)?;
    if let Some(s) = &a.shard {
        let (k, n) = run::parse_shard(s)?;
        pairs = run::shard(pairs, k, n);
    }
    std::fs::create_dir_all(&a.out_dir).map_err(|e| transalign::Error::from(e).in_file(&a.out_dir))?;
    let how = read_as(a)?;
    let lexicons = transalign::data::LexiconCache::default();
    let cfg = a.data.config();
    let bar = indicatif::ProgressBar::new(pairs.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pairs {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let results: Vec<(String, transalign::Result<()>)> = pairs
        .par_iter()
        .map(|p| {
            let r = (|| {
                let (s, t, slang, tlang) = run::read_pair(&p.src, &p.tgt, &how)?;
                let lex = lexicons.get(&cfg, &slang, &tlang, |note| {
                    bar.suspend(|| eprintln!("transalign: {slang} → {tlang}; {note}"))
                })?;
                let done = run::align_texts(s, t, &slang, &tlang, lex.lexicon.as_ref(), &Config::default());
                let out = a.out_dir.join(format!("{}.{}", p.name, run::extension(a.format)));
                run::write_with(&done, &p.src, &p.tgt, a.format, Some(&out), run::Links::Replace)?;
                Ok(())
            })();
            bar.inc(1);
            (p.name.clone(), r)
        })
        .collect();
    bar.finish_and_clear();
    let failed: Vec<&(String, transalign::Result<()>)> = results.iter().filter(|(_, r)| r.is_err()).collect();
    for (name, r) in &failed {
        if let Err(e) = r {
            eprintln!("transalign: {name}: {e}");
        }
    }
    eprintln!(
        "transalign: {} pairs aligned into {}, {} failed",
        results.len() - failed.len(),
        a.out_dir.display(),
        failed.len()
    );
    if failed.is_empty() {
        Ok(())
    } else {
        Err(transalign::Error::invalid(format!("{} of {} pairs failed", failed.len(), results.len())))
    }
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
        pairs.push((transalign::eval::read_beads(g)?, transalign::eval::read_beads(t)?));
    }
    let s = transalign::eval::score_all(&pairs);
    if json {
        println!("{}", serde_json::to_string_pretty(&s).map_err(|e| transalign::Error::invalid(e.to_string()))?);
    } else {
        print!("{}", s.table());
    }
    Ok(())
}
