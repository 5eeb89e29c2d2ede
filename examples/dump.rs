fn main() {
    let path = std::env::args().nth(1).unwrap();
    let p = transalign::parse::page_file(std::path::Path::new(&path)).unwrap();
    let mut a = Vec::new();
    transalign::tei::write(&p.doc, &mut a).unwrap();
    let back = transalign::tei::read(std::str::from_utf8(&a).unwrap()).unwrap();
    let mut b = Vec::new();
    transalign::tei::write(&back, &mut b).unwrap();
    println!("model equal: {}", back == p.doc);
    println!("bytes equal: {}", a == b);
    if back != p.doc {
        let x = format!("{:#?}", p.doc);
        let y = format!("{:#?}", back);
        for (i, (l, r)) in x.lines().zip(y.lines()).enumerate() {
            if l != r {
                println!("{i}: {l}\n{i}: {r}");
                break;
            }
        }
    }
}
