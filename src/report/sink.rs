//! One page sink per report format, so a report over any number of pages
//! is written page by page by one loop, whatever its format.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{HtmlWriter, JsonWriter, PageReport, Summary};
use crate::error::Result;

/// The formats a report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// Plain text for a person.
    Text,
    /// JSON: each page's title alignment and issues, then the totals.
    Json,
    /// TSV: one row per translated title.
    Tsv,
    /// A self-contained HTML page (an index and parts past
    /// [`super::PART_PAGES`] pages).
    Html,
}

/// Where report pages go as they are made.
pub trait PageSink {
    /// Write one page.
    fn page(&mut self, p: &PageReport) -> Result<()>;
    /// Write what follows the pages; returns the part files an HTML
    /// report was split into (empty otherwise).
    fn finish(self: Box<Self>, s: &Summary) -> Result<Vec<PathBuf>>;
}

/// A sink writing `format` to `out`; `out_path` is the file `out` will
/// become (an HTML report links to its sources relative to it, and puts
/// its parts beside it), `None` for standard output.
pub fn sink<'w>(
    format: ReportFormat,
    out: &'w mut dyn Write,
    out_path: Option<&Path>,
) -> Result<Box<dyn PageSink + 'w>> {
    Ok(match format {
        ReportFormat::Text => Box::new(Text(out)),
        ReportFormat::Tsv => {
            out.write_all(super::TSV_HEADER.as_bytes())?;
            Box::new(Tsv(out))
        }
        ReportFormat::Json => Box::new(JsonWriter::new(out)?),
        ReportFormat::Html => Box::new(Html { w: HtmlWriter::new(out_path), out }),
    })
}

struct Text<'w>(&'w mut dyn Write);

impl PageSink for Text<'_> {
    fn page(&mut self, p: &PageReport) -> Result<()> {
        Ok(self.0.write_all(super::text_page(p).as_bytes())?)
    }
    fn finish(self: Box<Self>, s: &Summary) -> Result<Vec<PathBuf>> {
        self.0.write_all(super::text_summary(s).as_bytes())?;
        Ok(Vec::new())
    }
}

struct Tsv<'w>(&'w mut dyn Write);

impl PageSink for Tsv<'_> {
    fn page(&mut self, p: &PageReport) -> Result<()> {
        Ok(self.0.write_all(super::tsv_page(p).as_bytes())?)
    }
    fn finish(self: Box<Self>, s: &Summary) -> Result<Vec<PathBuf>> {
        self.0.write_all(super::tsv_summary(s).as_bytes())?;
        Ok(Vec::new())
    }
}

impl PageSink for JsonWriter<'_> {
    fn page(&mut self, p: &PageReport) -> Result<()> {
        JsonWriter::page(self, p)
    }
    fn finish(self: Box<Self>, s: &Summary) -> Result<Vec<PathBuf>> {
        JsonWriter::finish(*self, s)?;
        Ok(Vec::new())
    }
}

struct Html<'w> {
    w: HtmlWriter,
    out: &'w mut dyn Write,
}

impl PageSink for Html<'_> {
    fn page(&mut self, p: &PageReport) -> Result<()> {
        self.w.page(p)
    }
    fn finish(self: Box<Self>, s: &Summary) -> Result<Vec<PathBuf>> {
        let Html { w, out } = *self;
        let (index, parts) = w.finish(s)?;
        out.write_all(index.as_bytes())?;
        Ok(parts)
    }
}
