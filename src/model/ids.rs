//! The id scheme, in one place: the page parser gives every id with it, and
//! the TEI reader makes up the ids a foreign TEI file lacks with it, so a
//! document has the same ids whichever door it came in by.
//!
//! Ids are positional, so they are stable across runs and readable:
//!
//! | id | what |
//! |---|---|
//! | `d5`, `d5.2` | the fifth top-level section, its second subsection |
//! | `d5.p3`, `d5.p3.s2` | third paragraph of `d5`, its second sentence |
//! | `d5.l1`, `d5.l1.i4` | first plain list of `d5`, its fourth item |
//! | `d5.lb1`, `d5.lb1.b3` | first bibliography list of `d5`, its third entry |
//! | `d5.q1`, `d5.c1` | first quotation, first code block of `d5` |
//! | `….t2` | second title named inside a sentence, item or entry |
//! | `d5.head`, `title`, `subject` | a section's heading, the page title, the page's subject |
//!
//! Blocks in front of the first section have no `dN.` prefix (`p1`);
//! blocks nested in an item or a quotation take its id as their prefix
//! (`d2.l1.i3.p1`).

/// `{a}{mid}{n}` in one allocation of the right size, without the
/// formatting machinery (ids are made for every block, sentence, entry
/// and title of a page).
fn join(a: &str, mid: &str, n: usize) -> String {
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(n);
    let mut s = String::with_capacity(a.len() + mid.len() + digits.len());
    s.push_str(a);
    s.push_str(mid);
    s.push_str(digits);
    s
}

/// The next id of each kind of block under one parent (a section, an
/// item, a quotation): each kind is numbered on its own, from 1.
#[derive(Debug, Default, Clone)]
pub struct BlockIds {
    p: usize,
    l: usize,
    lb: usize,
    q: usize,
    c: usize,
}

impl BlockIds {
    /// The next paragraph id under `prefix` (which ends in `.` or is empty).
    pub fn para(&mut self, prefix: &str) -> String {
        self.p += 1;
        join(prefix, "p", self.p)
    }

    /// The next plain list id.
    pub fn list(&mut self, prefix: &str) -> String {
        self.l += 1;
        join(prefix, "l", self.l)
    }

    /// The next bibliography list id.
    pub fn bibls(&mut self, prefix: &str) -> String {
        self.lb += 1;
        join(prefix, "lb", self.lb)
    }

    /// The next quotation id.
    pub fn quote(&mut self, prefix: &str) -> String {
        self.q += 1;
        join(prefix, "q", self.q)
    }

    /// The next code block id.
    pub fn code(&mut self, prefix: &str) -> String {
        self.c += 1;
        join(prefix, "c", self.c)
    }
}

/// The id of top-level section `n` (1-based).
pub fn section(prefix: &str, n: usize) -> String {
    join(prefix, "d", n)
}

/// The id of subsection `n` (1-based) of section `parent`.
pub(crate) fn subsection(parent: &str, n: usize) -> String {
    join(parent, ".", n)
}

/// The prefix of the blocks inside `parent` (a section, item or quotation).
pub fn inside(parent: &str) -> String {
    let mut s = String::with_capacity(parent.len() + 1);
    s.push_str(parent);
    s.push('.');
    s
}

/// The id of sentence `n` (1-based) of paragraph `para`.
pub fn sentence(para: &str, n: usize) -> String {
    join(para, ".s", n)
}

/// The id of item `n` (1-based) of list `list`.
pub fn item(list: &str, n: usize) -> String {
    join(list, ".i", n)
}

/// The id of entry `n` (1-based) of bibliography list `list`.
pub fn entry(list: &str, n: usize) -> String {
    join(list, ".b", n)
}

/// The id of title `n` (1-based) named inside `owner` (a sentence, item or entry).
pub fn title(owner: &str, n: usize) -> String {
    join(owner, ".t", n)
}

/// The id of a section's heading, which alignments point at.
pub fn head(section: &str) -> String {
    let mut s = String::with_capacity(section.len() + 5);
    s.push_str(section);
    s.push_str(".head");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_numbered_on_its_own() {
        let mut n = BlockIds::default();
        let p = inside("d5");
        assert_eq!(n.para(&p), "d5.p1");
        assert_eq!(n.bibls(&p), "d5.lb1");
        assert_eq!(n.para(&p), "d5.p2");
        assert_eq!(n.list(&p), "d5.l1");
        assert_eq!(entry(&n.bibls(&p), 3), "d5.lb2.b3");
        assert_eq!(sentence(&subsection(&section("", 5), 2), 1), "d5.2.s1");
    }

    #[test]
    fn numbers_are_written_as_format_writes_them() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, usize::MAX] {
            assert_eq!(title("d1.p2.s3", n), format!("d1.p2.s3.t{n}"));
        }
        assert_eq!(head("d12.3"), "d12.3.head");
    }
}
