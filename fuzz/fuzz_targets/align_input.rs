//! Fuzz target: the input path of the aligner: two segmented texts (split at NUL), aligned.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let cut = data.iter().position(|&b| b == 0).unwrap_or(data.len() / 2);
    let (a, b) = (&data[..cut], data.get(cut + 1..).unwrap_or(&[]));
    let (Ok(a), Ok(b)) = (std::str::from_utf8(a), std::str::from_utf8(b)) else { return };
    let (Ok(s), Ok(t)) = (
        transalign::align::input::from_str(a, true, transalign::Lang::new("nl")),
        transalign::align::input::from_str(b, true, transalign::Lang::new("fr")),
    ) else {
        return;
    };
    let (l1, l2) = (transalign::Lang::new("nl").unwrap(), transalign::Lang::new("fr").unwrap());
    let al = transalign::align::align(&s.segments, &t.segments, &l1, &l2, None, &Default::default());
    let (mut i, mut j) = (0, 0);
    for k in &al.links {
        for &x in &k.src {
            assert_eq!(x, i);
            i += 1;
        }
        for &y in &k.tgt {
            assert_eq!(y, j);
            j += 1;
        }
    }
    assert_eq!((i, j), (s.segments.len(), t.segments.len()), "every segment in exactly one link");
});
