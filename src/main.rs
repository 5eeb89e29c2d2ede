//! The `transalign` command line: parses flags and calls the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use transalign::{io, parse, tei};

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
    },
    /// Convert a wiki author page (Markdown) to TEI P5.
    Tei {
        /// The page.
        page: PathBuf,
        /// Output file (standard output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
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
        Cmd::Tei { page, output } => cmd_tei(&page, output.as_deref()),
        Cmd::Corpus { corpora, out } => {
            let written = transalign::corpus::build(&corpora, &out, &mut |p| eprintln!("wrote {}", p.display()))?;
            eprintln!("{} files regenerated under {}", written.len(), out.display());
            Ok(())
        }
    }
}

fn cmd_tei(page: &Path, output: Option<&Path>) -> transalign::Result<()> {
    let src = io::read_text(page)?;
    let opts = parse::Options { positions: false, ..Default::default() };
    // Errors inside are about the page, not the output file.
    io::write_output(output, |w| tei::write_page_stream(&src, &opts, w).map_err(|e| e.in_file(page)))
}
