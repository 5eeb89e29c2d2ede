//! The `transalign` command line: maps each command's flags (`cli`) to its
//! job in the library ([`transalign::jobs`]) and prints what it says.
//!
//! Exit status: 0 done; 1 done, with findings the run was asked to fail on
//! (`report --fail-on`, a wrong link in `eval-titles`); 2 usage or input
//! error (the message names the file and place).

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use transalign::formats::Format;
use transalign::jobs::multi::MultiFormat;
use transalign::jobs::titles::TitlesFormat;
use transalign::jobs::{self, Feedback};
use transalign::report::ReportFormat;
use transalign::{Error, Result, io};

use cli::choice::ConvertFormat;
use cli::ui::{Ui, say};
use cli::{AlignArgs, Cli, Cmd, DataCmd, TextOrJson};

fn main() -> ExitCode {
    // The matches too: a few checks need to know which flags were typed,
    // not only their values (a default looks the same as a flag given).
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let ui = Ui { quiet: cli.quiet, verbose: cli.verbose };
    match run(cli.cmd, &matches, ui) {
        Ok(code) => code,
        Err(e) => {
            say(&format!("transalign: {e}"));
            ExitCode::from(2)
        }
    }
}

/// Print text on standard output (or into `-o`), as every command does.
fn print(text: &str) -> Result<()> {
    io::write_output(None, |w| Ok(w.write_all(text.as_bytes())?))
}

/// The files a command reads and the file it writes with `-o`, where both
/// are known before it runs (`report` checks the pages it found itself).
fn inputs_and_output(cmd: &Cmd) -> (Vec<&std::path::Path>, Option<&std::path::Path>) {
    let (mut inputs, output) = texts_and_output(cmd);
    // The data files read are inputs too: `align --dict lex.txt -o lex.txt`
    // replaced the person's dictionary with the alignment, exit 0.
    let data = match cmd {
        Cmd::Align(a) => Some(&a.data),
        Cmd::Multi(a) => Some(&a.data),
        Cmd::Review { data, .. } | Cmd::Titles { data, .. } => Some(data),
        _ => None,
    };
    if let Some(d) = data {
        inputs.extend(d.dicts.iter().chain(&d.morph).map(|p| p.as_path()));
    }
    (inputs, output)
}

/// [`inputs_and_output`] without the data files.
fn texts_and_output(cmd: &Cmd) -> (Vec<&std::path::Path>, Option<&std::path::Path>) {
    match cmd {
        Cmd::Tei { page, output, .. } | Cmd::Titles { page, output, .. } => (vec![page.as_path()], output.as_deref()),
        Cmd::Align(a) => (a.src.iter().chain(&a.tgt).map(|p| p.as_path()).collect(), a.output.as_deref()),
        Cmd::Multi(a) => (a.texts.iter().map(|p| p.as_path()).collect(), a.output.as_deref()),
        Cmd::Convert { alignment, output, .. } => (vec![alignment.as_path()], output.as_deref()),
        // `review --serve` saves the reviewer's edits into -o, which may
        // rightly be the alignment it opened; never the texts.
        Cmd::Review { src, tgt, alignment, output, serve, .. } => {
            let mut ins = vec![src.as_path(), tgt.as_path()];
            ins.extend(alignment.as_deref().filter(|_| !serve));
            (ins, output.as_deref())
        }
        _ => (Vec::new(), None),
    }
}

fn run(cmd: Cmd, matches: &clap::ArgMatches, ui: Ui) -> Result<ExitCode> {
    let (inputs, output) = inputs_and_output(&cmd);
    io::refuse_stdin_twice(&inputs)?;
    io::refuse_overwriting(output, &inputs)?;
    if let Cmd::Align(a) = &cmd {
        // --save-lexicon is a second output.
        io::refuse_overwriting(a.save_lexicon.as_deref(), &inputs)?;
        refuse_lexicon_path(a)?;
    }
    // The aligner reads no morphology: only titles and report (French
    // catalogue checks) do. `align --morph /no/such.dic` ran, exit 0.
    let aligner_data = match &cmd {
        Cmd::Align(a) => Some((&a.data, "align")),
        Cmd::Multi(a) => Some((&a.data, "multi")),
        Cmd::Review { data, alignment: None, .. } => Some((data, "review")),
        _ => None,
    };
    if let Some((data, name)) = aligner_data.filter(|(d, _)| d.morph.is_some()) {
        return Err(Error::usage(format!(
            "--morph {}: {name} uses no morphology (titles and report do, to check French titles); drop --morph",
            data.morph.as_deref().map(|m| m.display().to_string()).unwrap_or_default()
        )));
    }
    // A data directory named in the environment that is not there is
    // skipped by the lookup: said, for every command that looks data up.
    let looks_up_data = matches!(
        &cmd,
        Cmd::Align(_)
            | Cmd::Multi(_)
            | Cmd::Review { alignment: None, .. }
            | Cmd::Titles { .. }
            | Cmd::Report { .. }
            | Cmd::Corpus { .. }
            | Cmd::EvalTitles { .. }
    );
    if looks_up_data {
        let missing = transalign::data::missing_dirs();
        if !missing.is_empty() {
            let mut term = ui.job(None, "");
            missing.iter().for_each(|w| term.warn(w));
        }
    }
    match cmd {
        Cmd::Tei { page, input_format, lang, output } => {
            cli::refuse_foreign_extension(output.as_deref(), &["tei", "xml"], false)?;
            let given = cli::lang_arg(&lang, "--lang")?;
            let input = transalign::load::Input::open(&page, input_format)?;
            let mut written = None;
            io::write_output(output.as_deref(), |w| {
                written = Some(input.write_tei_in(given.clone(), w)?);
                Ok(())
            })?;
            let mut term = ui.job(None, "");
            let (lang, lang_source) = match written {
                Some(w) => {
                    for n in &w.notes {
                        term.warn(&format!("{}: {n}", page.display()));
                    }
                    (w.lang, w.lang_source)
                }
                None => (None, Default::default()),
            };
            jobs::align::say_language(&page, lang.as_ref(), lang_source, "--lang", &mut term);
            if let Some(w) =
                given.as_ref().and_then(|g| jobs::align::page_contradiction(&page, &input.text, g, "--lang"))
            {
                term.warn(&w);
            }
        }
        Cmd::Corpus { corpora, out, data } => {
            let mut term = ui.job(None, "regenerating the shipped outputs");
            let verbose = ui.verbose > 0;
            let mut log = Vec::new();
            let written = jobs::corpus::build(&corpora, &out, &data.config(), &mut |n| term.note(n), &mut |p| {
                log.push(p.to_path_buf())
            })?;
            if verbose {
                log.iter().for_each(|p| term.detail(&format!("wrote {}", p.display())));
            }
            term.done();
            term.note(&format!("{} files regenerated under {}", written.len(), out.display()));
        }
        Cmd::Data(d) => match d {
            DataCmd::List { pairs, data } => print(&jobs::data::list(&pairs, &data.config())?)?,
            DataCmd::Build { dictd, hunspell, versions, out } => {
                let mut term = ui.job(None, "");
                for p in jobs::data::build(dictd, hunspell, &versions, &out)? {
                    term.note(&format!("wrote {}", p.display()));
                }
            }
            DataCmd::Verify { dir } => print(&(transalign::data::show::verify(dir.as_deref())? + "\n"))?,
            DataCmd::Notices { full } => print(&transalign::data::show::notices(full))?,
        },
        Cmd::Align(a) => match &a.batch {
            Some(m) => return align_batch(&a, m, ui),
            None => align(&a, ui)?,
        },
        Cmd::Review { src, tgt, alignment, read, data, settings, output, serve, port, review_below } => {
            if let (Some(al), Some(m)) = (&alignment, matches.subcommand_matches("review")) {
                cli::refuse_aligner_flags(m, al)?;
            }
            // The page is HTML, what --serve saves JSON (each refused on
            // the other's name by `show`): another format's name, such as
            // `-o page.tmx`, got the HTML page, exit 0.
            cli::refuse_foreign_extension(output.as_deref(), &["html", "json"], false)?;
            // Before the alignment, which may take minutes: `--serve` without
            // -o, or to a file that exists, was said only after it.
            jobs::review::check_output(alignment.as_deref(), output.as_deref(), serve)?;
            if serve {
                transalign::review::serve::check_port(port)?;
            }
            io::refuse_unwritable(output.as_deref())?;
            let mut term = ui.job(None, "reading the texts");
            let (read, cfg) = (read.read_as()?, settings.config()?);
            let file = jobs::review::work(&src, &tgt, alignment.as_deref(), &read, &data.config(), &cfg, &mut term)?;
            term.done();
            let page = transalign::review::PageOptions { threshold: review_below, served: serve };
            let serve = serve.then(|| transalign::review::serve::ServeOptions { port, page: page.clone() });
            let out = output.as_deref();
            jobs::review::show(file, alignment.as_deref(), out, &page, serve, &mut |url| {
                // The address first, alone on its line, for scripts to read.
                let mut stdout = std::io::stdout().lock();
                let _ = std::io::Write::write_all(&mut stdout, format!("{url}\n").as_bytes());
                let _ = std::io::Write::flush(&mut stdout);
                term.note(&format!(
                    "serving the review on 127.0.0.1; every edit is saved to {}; Ctrl-C stops",
                    out.map_or_else(String::new, |o| o.display().to_string())
                ));
            })?;
        }
        Cmd::Multi(a) => {
            // `multi` writes one XML format: `.xml` is TEI. Settled before
            // the alignments, so that a name it refuses costs no work.
            let xml = a.format.is_none() && cli::has_extension(a.output.as_deref(), "xml");
            // Its one plain-text output is the coverage report (written
            // `NAME.coverage.txt` by the corpus): `-o cov.txt` asks for it.
            let txt = a.format.is_none() && cli::has_extension(a.output.as_deref(), "txt");
            let format = if xml {
                MultiFormat::Tei
            } else if txt {
                MultiFormat::Coverage
            } else {
                cli::output_format(a.format, a.output.as_deref(), MultiFormat::Json)?
            };
            io::refuse_unwritable(a.output.as_deref())?;
            let mut term = ui.job(None, "reading the texts");
            let m = jobs::multi::multi(&a.texts, &a.options()?, &a.data.config(), &mut term)?;
            term.done();
            jobs::multi::write(&m, format, a.output.as_deref())?;
            term.note(&jobs::multi::summary(&m));
        }
        Cmd::Convert { pair: Some(_), format: Some(ConvertFormat::Coverage), .. } => {
            return Err(Error::usage(
                "--format coverage reports on a whole multi-alignment; with --pair A B give a pairwise format",
            ));
        }
        Cmd::Convert { alignment, pair: None, format: Some(ConvertFormat::Coverage), output } => {
            jobs::multi::convert_coverage(&alignment, output.as_deref())?;
        }
        Cmd::Convert { alignment, pair: Some(p), format, output } => {
            let format = convert_format(pair_of(format), output.as_deref())?;
            let mut term = ui.job(None, "");
            jobs::multi::convert(&alignment, Some((&p[0], &p[1])), format, output.as_deref(), &mut term)?;
        }
        Cmd::Convert { alignment, pair: None, format, output } => {
            let format = convert_format(pair_of(format), output.as_deref())?;
            let mut term = ui.job(None, "");
            jobs::output::convert(&alignment, format, output.as_deref(), &mut term)?;
        }
        Cmd::Eval { gold, test, pair, format, json } => {
            let json = json || format == TextOrJson::Json;
            print(&match pair {
                Some(p) => jobs::eval::eval_with(&gold, &test, json, &|t| jobs::multi::pair_beads(t, &p[0], &p[1]))?,
                None => jobs::eval::eval(&gold, &test, json)?,
            })?
        }
        Cmd::EvalTitles { gold_dir, pages, data, format, json } => {
            let mut term = ui.job(None, "scoring titles");
            let json = json || format == TextOrJson::Json;
            let (text, wrong) =
                jobs::titles::eval_titles(&gold_dir, pages.as_deref(), &data.config(), json, &mut term)?;
            term.done();
            print(&text)?;
            if wrong {
                return Ok(ExitCode::from(1));
            }
        }
        Cmd::Report { pages, input_format, lang, data, format, output, fail_on } => {
            let lang = cli::lang_arg(&lang, "--lang")?;
            let files = transalign::report::page_files(&pages)?;
            let data_files = data.dicts.iter().chain(&data.morph).map(|p| p.as_path());
            io::refuse_overwriting(
                output.as_deref(),
                &files.iter().map(|f| f.as_path()).chain(data_files).collect::<Vec<_>>(),
            )?;
            let mut term = ui.job(Some(files.len() as u64), "pages");
            let format = cli::output_format(format, output.as_deref(), ReportFormat::Text)?;
            let done = jobs::report::report(
                &files,
                input_format,
                lang.as_ref(),
                &data.config(),
                format,
                output.as_deref(),
                &mut term,
            )?;
            term.done();
            if !done.summary.failed.is_empty() {
                return Err(Error::invalid(format!(
                    "{} of {} pages could not be reported (the report lists them and covers the others)",
                    done.summary.failed.len(),
                    files.len()
                )));
            }
            let found = jobs::report::failing(&done.summary, &fail_on);
            if !found.is_empty() {
                say(&format!("transalign: findings: {}", found.join(", ")));
                return Ok(ExitCode::from(1));
            }
        }
        Cmd::Titles { page, input_format, lang, data, format, output } => {
            let lang = cli::lang_arg(&lang, "--lang")?;
            let mut term = ui.job(None, "aligning titles");
            let format = cli::output_format(format, output.as_deref(), TitlesFormat::Text)?;
            jobs::titles::titles(
                &page,
                input_format,
                lang.as_ref(),
                &data.config(),
                format,
                output.as_deref(),
                &mut term,
            )?;
        }
        Cmd::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "transalign", &mut out);
            io::write_output(None, |w| Ok(w.write_all(&out)?))?;
        }
        Cmd::Man { command, out_dir } => man(&command, out_dir.as_deref(), ui)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn align(a: &AlignArgs, ui: Ui) -> Result<()> {
    let (Some(src), Some(tgt)) = (&a.src, &a.tgt) else {
        return Err(Error::usage("give SRC and TGT, or --batch MANIFEST"));
    };
    // Accepted and ignored, they would let a script believe it sharded or resumed.
    let batch_only = [("--out-dir", a.out_dir.is_some()), ("--shard", a.shard.is_some()), ("--resume", a.resume)];
    if let Some((flag, _)) = batch_only.iter().find(|(_, given)| *given) {
        return Err(Error::usage(format!("{flag} works with --batch MANIFEST only; for one pair use -o FILE")));
    }
    let to_terminal = a.output.as_deref().is_none_or(io::is_stdio) && std::io::stdout().is_terminal();
    let format = cli::pair_format(a.format, a.output.as_deref())?.unwrap_or(if to_terminal {
        Format::Text
    } else {
        Format::Beads
    });
    if format == Format::Moses && a.output.as_deref().is_none_or(io::is_stdio) {
        return Err(Error::usage("--format moses writes two files: give -o PREFIX"));
    }
    // Moses's -o is a prefix, whose own checks name it as one.
    if format != Format::Moses {
        io::refuse_unwritable(a.output.as_deref())?;
    }
    let mut term = ui.job(None, "reading the texts");
    let data = a.data.config();
    let anchors = format.shows_anchors();
    let done = jobs::align::align_pair(src, tgt, &a.read.read_as()?, &data, &a.settings.config()?, anchors, &mut term)?;
    term.done();
    // The alignment first: a lexicon that cannot be learned costs it nothing.
    jobs::output::write(&done, src, tgt, format, a.output.as_deref())?;
    if let Some(file) = &a.save_lexicon {
        let n = jobs::align::save_lexicon(&done, &data, file, &mut term)?;
        term.note(&format!("{n} word pairs learned from the texts saved to {}", file.display()));
    }
    term.note(&jobs::align::summary(&done));
    if !ui.quiet {
        block(&jobs::align::doubtful(&done, a.review_below, 50).join("\n"));
    }
    if a.report_omissions {
        block(&jobs::align::omissions(&done));
    }
    Ok(())
}

/// `--save-lexicon FILE` is written after the alignment: named as `-o`,
/// it replaced the alignment just written, exit 0; `-` made a file named
/// `-` (standard output being the alignment's).
fn refuse_lexicon_path(a: &AlignArgs) -> Result<()> {
    let Some(lexicon) = a.save_lexicon.as_deref() else { return Ok(()) };
    if io::is_stdio(lexicon) {
        return Err(Error::usage("--save-lexicon -: give a file name, to read the lexicon back with --dict FILE"));
    }
    if let Some(out) = a.output.as_deref().filter(|o| !io::is_stdio(o))
        && io::same_output(lexicon, out)
    {
        return Err(Error::usage(format!(
            "--save-lexicon {} is the -o file too: the lexicon would replace the alignment; give it another name",
            lexicon.display()
        )));
    }
    // Saved after the alignment: `--save-lexicon nodir/lex.tsv` failed
    // only once the alignment was made (and written).
    io::refuse_unwritable(Some(lexicon))
}

/// The pairwise format of `convert --format`; `None` for `coverage`
/// (handled before, by its own arms).
fn pair_of(given: Option<ConvertFormat>) -> Option<Format> {
    match given {
        Some(ConvertFormat::Pair(f)) => Some(f),
        Some(ConvertFormat::Coverage) | None => None,
    }
}

/// `convert`'s format: `--format`, else the one `-o`'s name says; it has
/// no default, as it had none when `--format` was required, and `.xml` is
/// TEI or XCES, as for `align`.
fn convert_format(given: Option<Format>, output: Option<&std::path::Path>) -> Result<Format> {
    cli::pair_format(given, output)?.ok_or_else(|| {
        Error::usage(
            "give --format FORMAT, or -o FILE with the format's extension (.tmx, .json, .tsv, .html, .beads, …)",
        )
    })
}

/// A listing on standard error: its heading line prefixed as every message is.
fn block(text: &str) {
    let mut lines = text.lines();
    if let Some(head) = lines.next() {
        say(&format!("transalign: {head}"));
    }
    lines.for_each(say);
}

fn align_batch(a: &AlignArgs, manifest: &std::path::Path, ui: Ui) -> Result<ExitCode> {
    let out_dir = a.out_dir.clone().unwrap_or_else(|| std::path::PathBuf::from("aligned"));
    let mut pairs = jobs::batch::read_manifest(manifest)?;
    // The manifest and its texts are inputs too: `--save-lexicon` naming
    // one of them replaced it with the lexicon, exit 0.
    let texts = pairs.iter().flat_map(|p| [p.src.as_path(), p.tgt.as_path()]);
    io::refuse_overwriting(a.save_lexicon.as_deref(), &std::iter::once(manifest).chain(texts).collect::<Vec<_>>())?;
    let shard = a.shard.as_deref().map(jobs::batch::parse_shard).transpose()?;
    if let Some((k, n)) = shard {
        let all = pairs.len();
        pairs = jobs::batch::shard(pairs, k, n);
        if pairs.is_empty() {
            // Not an error (an array job may have more shards than pairs), but said.
            ui.job(None, "").warn(&format!("shard {k}/{n} of {} holds no pair (it has {all})", manifest.display()));
        }
    }
    let opts = jobs::batch::BatchOptions {
        format: a.format.unwrap_or(Format::Beads),
        out_dir: out_dir.clone(),
        read: a.read.read_as()?,
        resume: a.resume,
        config: a.settings.config()?,
        shard,
        save_lexicon: a.save_lexicon.clone(),
    };
    let mut term = ui.job(Some(pairs.len() as u64), "pairs");
    let term_lock = std::sync::Mutex::new(&mut term);
    let with_term = |f: &dyn Fn(&mut cli::ui::Term)| {
        if let Ok(mut t) = term_lock.lock() {
            f(&mut t)
        }
    };
    let warn = |w: &str| with_term(&|t| t.warn(w));
    let results = jobs::batch::batch(&pairs, &opts, &a.data.config(), &|n| with_term(&|t| t.note(n)), &warn, &|r| {
        with_term(&|t| {
            if let Some(e) = &r.error {
                t.line(&format!("{}: {e}", r.pair));
            }
            t.step();
        })
    })?;
    term.done();
    let failed = results.iter().filter(|r| r.status == "failed").count();
    let skipped = results.iter().filter(|r| r.status == "skipped").count();
    let aligned = results.len() - failed - skipped;
    term.note(&format!(
        "{aligned} {} aligned into {}, {skipped} skipped (up to date), {failed} failed; see summary*.json there",
        if aligned == 1 { "pair" } else { "pairs" },
        out_dir.display()
    ));
    if failed > 0 {
        return Err(Error::invalid(format!("{failed} of {} pairs failed", results.len())));
    }
    Ok(ExitCode::SUCCESS)
}

/// Manual pages from the flags' definitions: transalign(1), and one per
/// command (transalign-align(1), transalign-data-list(1)), the names the
/// main page's list of commands refers to.
fn man(command: &[String], out_dir: Option<&std::path::Path>, ui: Ui) -> Result<()> {
    // Every command with its page name, parents first.
    fn pages(cmd: &clap::Command, name: String, out: &mut Vec<(String, clap::Command)>) {
        out.push((name.clone(), cmd.clone().name(name.clone()).version(env!("CARGO_PKG_VERSION"))));
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            pages(sub, format!("{name}-{}", sub.get_name()), out);
        }
    }
    let mut all = Vec::new();
    pages(&Cli::command(), "transalign".into(), &mut all);
    let render = |cmd: clap::Command| -> Result<Vec<u8>> {
        let mut out = Vec::new();
        clap_mangen::Man::new(cmd).render(&mut out)?;
        Ok(out)
    };
    match out_dir {
        Some(dir) => {
            // As `align --batch --out-dir` and `corpus --out` do: a
            // directory that does not exist yet is made, where each page
            // failed on the first, "transalign.1: No such file or directory".
            io::refuse_file_as_dir(dir, "--out-dir")?;
            std::fs::create_dir_all(dir).map_err(|e| Error::from(e).in_file(dir))?;
            for (name, cmd) in all {
                let file = dir.join(format!("{name}.1"));
                let bytes = render(cmd)?;
                io::write_atomic(&file, |w| Ok(w.write_all(&bytes)?))?;
                // A note, as every command's: `-q` printed the 18 lines anyway.
                ui.job(None, "").note(&format!("wrote {}", file.display()));
            }
            Ok(())
        }
        None => {
            let want =
                std::iter::once("transalign").chain(command.iter().map(String::as_str)).collect::<Vec<_>>().join("-");
            let (_, cmd) = all.into_iter().find(|(n, _)| *n == want).ok_or_else(|| {
                Error::usage(format!("no command {:?}; transalign --help lists them", command.join(" ")))
            })?;
            let bytes = render(cmd)?;
            io::write_output(None, |w| Ok(w.write_all(&bytes)?))
        }
    }
}
