//! Tests of the cue table: marks, first-pass measures, a link's mark costs.

use super::*;
use crate::align::dp::Band;

#[test]
fn every_cue_has_a_name_that_reads_back() {
    for c in Cue::ALL {
        assert_eq!(c.name().parse::<Cue>(), Ok(c));
        assert!(!c.about().is_empty());
    }
    assert!("lexicon".parse::<Cue>().unwrap_err().contains("lexical"));
    let off = Cues::without(&[Cue::Dialogue, Cue::Length]);
    assert!(!off.has(Cue::Dialogue) && !off.has(Cue::Length) && off.has(Cue::Closing));
}

#[test]
fn dialogue_opens_with_a_quote_or_a_dash_not_a_negative_number() {
    for t in
        ["\" Bathilde!", "« Comment ! »", "— Oui.", "-Difficult?", "- Ah bien!", "-- Quel bruit!", "„Já“", "' Dear me!"]
    {
        assert!(opens_dialogue(t), "{t}");
    }
    for t in ["Il dit: « non ».", "-5 degrees at night.", "", "Moi seul."] {
        assert!(!opens_dialogue(t), "{t}");
    }
}

#[test]
fn end_marks_are_read_past_closing_quotes() {
    assert_eq!(end_mark("And yet, as soon as I heard her \" Bathilde!"), Some('!'));
    assert_eq!(end_mark("Come in! \" "), Some('!'));
    assert_eq!(end_mark("« Comment ? »"), Some('?'));
    assert_eq!(end_mark("This means that the student:"), None);
    assert_eq!(end_mark("et puis..."), None);
    assert_eq!(end_mark("(il détacha ce mot.)"), None);
    assert_eq!(end_mark("Moi seul."), None);
    assert_eq!(end_mark(""), None);
}

#[test]
fn a_quotation_closes_with_a_closing_mark_at_the_end() {
    for t in ["« Viens me dire bonsoir »", "I will come. \"", "„Já“", "Il dit « oui ».  »"] {
        assert!(closes_quote(t), "{t}");
    }
    for t in ["Il dit « oui ».", "\" Bathilde!", "", "Moi seul."] {
        assert!(!closes_quote(t), "{t}");
    }
}

#[test]
fn continuations_are_lower_case_starts_unless_the_text_is_lower_cased() {
    let texts = ["« Quel bruit !", "» s'écria-t-il.", "-- et puis ?", "Oui.", "42 ans.", "Il part.", "Fin."];
    let inline = |t: &'static str| (t, false);
    assert_eq!(continuations(texts.into_iter().map(inline)), [false, true, true, false, false, false, false]);
    // A paragraph of its own continues nothing.
    assert_eq!(continuations([("Le matin.", true), ("et puis le soir.", true)].into_iter()), [false, false]);
    // Past the share a real text has, lower case is the corpus's habit.
    let lowered: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
    assert!(continuations(lowered.iter().map(|t| (t.as_str(), false))).iter().all(|&c| !c));
    // Scripts without case never continue.
    assert_eq!(continuations(["他说。", "好。"].into_iter().map(inline)), [false, false]);
}

#[test]
fn merged_units_take_openings_from_their_first_unit_and_endings_from_their_last() {
    let (first, last) = (marks("« Quoi ?"), marks("il part. »"));
    let merged = merged_marks(first | CONTINUES, last);
    assert_eq!(merged & mark_bit(0), mark_bit(0), "opens dialogue");
    assert_eq!(merged & mark_bit(1), mark_bit(1), "closes a quotation");
    assert_eq!(merged & mark_bit(3), 0, "ends with the last unit's mark, not the first's");
    assert_eq!(merged & CONTINUES, CONTINUES);
}

/// A link of `src` against `tgt` sentences, each a list of end marks.
fn link_cost(model: &Model, src: &[&str], tgt: &[&str]) -> f64 {
    let side = |texts: &[&str]| {
        let mut f = Feats::default();
        for t in texts {
            f.push(10.0, 0.0, &[], marks(t));
        }
        f
    };
    let (fs, ft) = (side(src), side(tgt));
    let band = Band::full(fs.n(), ft.n());
    Scorer::new(&fs, &ft, &band, model).mark_costs(0..fs.n(), 0..ft.n())
}

#[test]
fn merging_links_never_hides_an_end_mark_mismatch() {
    let mut model = Model::first(Cues::all(), Vec::new(), LengthModel::fit(1.0, 1.0), 1.0, 0.0, Vec::new());
    model.marks = [0.0, 0.0, 1.0, 2.0];
    // "Yeah..." / "I can ask him." against "Jú," / "ég get alveg spurt hann.".
    assert_eq!(link_cost(&model, &["Yeah...", "I can ask him."], &["Jú,", "ég get alveg spurt hann."]), 0.0);
    // "I guess so." / "You know it." against "Já er það ekki bara?" / "Jú.":
    // the question costs the same split or merged.
    let split =
        link_cost(&model, &["I guess so."], &["Já er það ekki bara?"]) + link_cost(&model, &["You know it."], &["Jú."]);
    assert_eq!(split, 2.0);
    assert_eq!(link_cost(&model, &["I guess so.", "You know it."], &["Já er það ekki bara?", "Jú."]), split);
    // A mark that moved across a sentence boundary: merged, it matches.
    let moved = link_cost(&model, &["Come!"], &["Viens"]) + link_cost(&model, &["Now."], &["maintenant !"]);
    assert_eq!(moved, 2.0);
    assert_eq!(link_cost(&model, &["Come!", "Now."], &["Viens", "maintenant !"]), 0.0);
}

#[test]
fn dialogue_cost_is_what_links_that_keep_who_speaks_say() {
    let side = |open: Vec<bool>| {
        let mut f = Feats::default();
        for o in open {
            f.push(10.0, 0.0, &[], if o { mark_bit(0) } else { 0 });
        }
        f
    };
    let on = |f: &Feats, i: usize| f.marks[i] & mark_bit(0) != 0;
    let dialogue_cost = |beads: &[Bead], fs: &Feats, ft: &Feats| mismatch_cost(beads, |b| (on(fs, b.i), on(ft, b.j)));
    let linked: Vec<Bead> = (0..40).map(|k| Bead { i: k, a: 1, j: k, b: 1, p: 1.0 }).collect();
    // Every fourth line is dialogue on both sides: a mismatch is rare.
    let every4 = || (0..40).map(|k| k % 4 == 0).collect::<Vec<bool>>();
    let kept = dialogue_cost(&linked, &side(every4()), &side(every4()));
    assert!(kept > 1.0, "{kept}");
    // Openings that fall anywhere: nothing to learn.
    let shifted: Vec<bool> = (0..40).map(|k| k % 4 == 2).collect();
    assert_eq!(dialogue_cost(&linked, &side(every4()), &side(shifted)), 0.0);
    // No dialogue at all.
    assert_eq!(dialogue_cost(&linked, &side(vec![false; 40]), &side(vec![false; 40])), 0.0);
}

/// The model before a first pass, for the costs learned from one.
fn prior_model() -> Model {
    Model::first(Cues::all(), crate::align::default_beads(), LengthModel::fit(1.0, 1.0), 1.0, 0.0, Vec::new())
}

/// A bead of `a` source and `b` target units at (k, k).
fn bead(k: usize, a: usize, b: usize) -> Bead {
    Bead { i: k, a, j: k, b, p: 1.0 }
}

#[test]
fn runs_of_unaligned_units_make_the_next_one_cheaper_only_when_seen() {
    let model = prior_model();
    let linked = |k| bead(k, 1, 1);
    let null = |k| bead(k, 0, 1);
    // Unaligned units one at a time: no discount.
    let single: Vec<Bead> = (0..60).map(|k| if k % 10 == 5 { null(k) } else { linked(k) }).collect();
    assert_eq!(null_run_cost(&single, &model), 0.0);
    // Two runs of four: each unit after the first is likelier.
    let runs: Vec<Bead> = (0..60).map(|k| if k % 30 < 4 { null(k) } else { linked(k) }).collect();
    let run_cost = null_run_cost(&runs, &model);
    assert!(run_cost < -1.0, "{run_cost}");
    // The prior counts for ten beads: one pair in a row says little.
    let pair: Vec<Bead> = (0..60).map(|k| if k == 7 || k == 8 { null(k) } else { linked(k) }).collect();
    assert!(null_run_cost(&pair, &model) > run_cost);
}

#[test]
fn units_left_out_on_both_sides_at_one_place_cost_more_unless_seen() {
    let model = prior_model();
    let linked = |k| bead(k, 1, 1);
    let src_left = |k| bead(k, 1, 0);
    let tgt_left = |k| bead(k, 0, 1);
    // Nothing left out: nothing learned.
    let none: Vec<Bead> = (0..60).map(linked).collect();
    assert_eq!(null_cross_cost(&none, &model), 0.0);
    // Runs on one side, never a change of side: the change costs, the more
    // so the more units were left out without one.
    let runs =
        |every: usize| -> Vec<Bead> { (0..120).map(|k| if k % every < 4 { tgt_left(k) } else { linked(k) }).collect() };
    let (few, many) = (null_cross_cost(&runs(30), &model), null_cross_cost(&runs(10), &model));
    assert!(few > 0.5 && many > few, "{few} then {many}");
    // A run that changes side as often as it goes on: nothing to learn.
    let mut crossing = Vec::new();
    for k in 0..20 {
        let i = 3 * k;
        crossing.extend([src_left(i), tgt_left(i + 1), linked(i + 1), linked(i + 2)]);
    }
    assert_eq!(null_cross_cost(&crossing, &model), 0.0);
    // Runs on one side are still runs: crossing does not count as one.
    let alternating: Vec<Bead> = (0..60)
        .map(|k| match k % 10 {
            0 | 2 => src_left(k),
            1 | 3 => tgt_left(k),
            _ => linked(k),
        })
        .collect();
    assert_eq!(null_run_cost(&alternating, &model), 0.0);
}
