//! The JSON contract of a page's title alignment.

use super::model::TitleAlignment;

/// The JSON contract: `{"page", "links": [{nl, nl_year, fr, fr_year, score,
/// evidence, flags, …, nearest?, also?}], "untranslated": [{fr, fr_year}],
/// "coverage"}`, with the two languages' codes as keys; `nearest` for a
/// refusal with a candidate, `also` for the same title elsewhere on the page.
/// Where both languages are one (an English page's translations of
/// originals in a language it could not tell), the originals' keys are
/// `{code}_original`, `{code}_original_year`, `{code}_original_id`: with
/// one key for both, each original overwrote its translation's title.
pub fn to_json(a: &TitleAlignment) -> serde_json::Value {
    use serde_json::{Map, Value, json};
    let t = a.translation_lang.code();
    let o = if a.original_lang.code() == t { format!("{t}_original") } else { a.original_lang.code().to_string() };
    let o = o.as_str();
    let links: Vec<Value> = a
        .links
        .iter()
        .map(|l| {
            let mut m = Map::new();
            m.insert(t.to_string(), json!(l.translation.title));
            m.insert(format!("{t}_year"), json!(l.translation.year));
            m.insert(o.to_string(), json!(l.original.as_ref().map(|x| &x.title)));
            m.insert(format!("{o}_year"), json!(l.original.as_ref().and_then(|x| x.year)));
            m.insert("score".into(), json!(l.score));
            m.insert("evidence".into(), json!(l.evidence));
            m.insert("flags".into(), json!(l.flags.iter().map(ToString::to_string).collect::<Vec<_>>()));
            m.insert(format!("{t}_id"), json!(l.translation.id));
            m.insert(format!("{o}_id"), json!(l.original.as_ref().map(|x| &x.id)));
            m.insert("source".into(), json!(l.translation.origin));
            if let Some(n) = &l.nearest {
                m.insert("nearest".into(), json!(n));
            }
            if !l.also.is_empty() {
                let also: Vec<Value> = l
                    .also
                    .iter()
                    .map(|x| json!({format!("{t}_id"): x.id, format!("{t}_year"): x.year, "source": x.origin}))
                    .collect();
                m.insert("also".into(), Value::Array(also));
            }
            Value::Object(m)
        })
        .collect();
    let untranslated: Vec<Value> = a
        .untranslated
        .iter()
        .map(|u| {
            let mut m = Map::new();
            m.insert(o.to_string(), json!(u.title));
            m.insert(format!("{o}_year"), json!(u.year));
            m.insert(format!("{o}_id"), json!(u.id));
            Value::Object(m)
        })
        .collect();
    let mut top = Map::new();
    top.insert("page".into(), json!(a.page));
    top.insert("links".into(), Value::Array(links));
    top.insert("untranslated".into(), Value::Array(untranslated));
    top.insert(
        "coverage".into(),
        json!({"originals": a.coverage.originals, "translated": a.coverage.translated, "ratio": a.coverage.ratio}),
    );
    top.insert("languages".into(), json!({"translations": t, "originals": o}));
    top.insert("lexicon".into(), json!(a.lexicon_note));
    top.insert("data".into(), json!(a.data));
    Value::Object(top)
}
