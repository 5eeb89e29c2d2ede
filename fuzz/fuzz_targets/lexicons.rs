//! Fuzz target: hunalign dictionaries, the bundled lexicon and morphology formats, Hunspell aff/dic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let p = std::path::Path::new("fuzz");
    if let Ok(s) = std::str::from_utf8(data) {
        let (nl, fr) = (transalign::Lang::new("nl").unwrap(), transalign::Lang::new("fr").unwrap());
        let mut l = transalign::lexicon::Lexicon::new(nl, fr);
        let _ = l.add_hunalign_text(s, p);
        let _ = transalign::lexicon::bundle::parse(s, p);
        let (aff, dic) = s.split_once("\n\n").unwrap_or((s, ""));
        if let Ok(m) = transalign::lexicon::hunspell::Morphology::from_hunspell(aff, p, dic, p) {
            for w in dic.split_whitespace().take(20) {
                let _ = m.analyze(w);
            }
        }
    }
    if let Ok(m) = transalign::lexicon::hunspell::Morphology::read_bundle(p, data) {
        let _ = m.analyze("conquise");
    }
});
