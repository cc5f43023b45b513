//! Organisation names by their shape, found before the gazetteer so that a place or person
//! inside one ("Bank of America", "Johns Hopkins University") is not taken alone: capitalised
//! words ending in an organisation word, with what may and may not come before and after.

use super::*;

/// A capitalised name ending in an organisation word ("Western National Life Insurance Co",
/// "Asian Development Bank") or opening with one and "of" ("University of Tartu"), found before
/// the gazetteer so that a place or person inside it is not taken on its own.
#[derive(Debug, Clone, Copy)]
pub(super) struct OrgSpan {
    pub(super) start: usize,
    pub(super) end: usize,
    /// Ends in a strong suffix or is "X of Y": counts when named once.
    pub(super) cued: bool,
}

/// Capitalised adjectives that end no organisation's name ("the Paris Club of Western
/// creditors"), besides demonyms.
pub(super) const ADJECTIVES_ENDING_NO_NAME: &[&str] = &[
    "Western", "Eastern", "Northern", "Southern", "Central", "Other", "Several", "Major",
];

/// Most capitalised words an organisation span takes.
pub(super) const ORG_SPAN_WORDS: usize = 5;

pub(super) fn org_spans(
    gz: &Gazetteer,
    text: &str,
    ws: &[Word],
    menus: &[(usize, usize)],
) -> Vec<OrgSpan> {
    let scan = SpanScan { gz, text, ws };
    let mut out: Vec<OrgSpan> = Vec::new();
    for k in 0..ws.len() {
        if !ws[k].upper {
            continue;
        }
        let Some((a, b, cued)) = scan.suffix_span(k).or_else(|| scan.prefix_span(k)) else {
            continue;
        };
        let (start, end) = (ws[a].start, ws[b].end);
        if menus.iter().any(|&(x, y)| x <= start && start < y) {
            continue;
        }
        // "the Orange British Academy Film Awards": the name of an event, not the academy.
        if scan.event_after(b) {
            continue;
        }
        // "Life Insurance" then "Life Insurance Co": the longer span replaces the shorter.
        if let Some(last) = out.last() {
            if last.end > start {
                if start <= last.start {
                    out.pop();
                } else {
                    continue;
                }
            }
        }
        if text[start..end].contains(", ") || !scan.known(a, b) {
            out.push(OrgSpan { start, end, cued });
        }
    }
    out
}

/// Weak organisation words that also name a field of work ("Canadian AI").
pub(super) const TOPIC_SUFFIXES: &[&str] = &[
    "AI",
    "Data",
    "Cloud",
    "Security",
    "Computing",
    "Analytics",
    "Technology",
];

/// The words of one text, for finding organisation spans in it.
pub(super) struct SpanScan<'a> {
    pub(super) gz: &'a Gazetteer,
    pub(super) text: &'a str,
    pub(super) ws: &'a [Word],
}

impl SpanScan<'_> {
    pub(super) fn tok(&self, k: usize) -> &str {
        &self.text[self.ws[k].start..self.ws[k].end]
    }

    /// Words `k` and `k + 1` are one space apart.
    pub(super) fn adjacent(&self, k: usize) -> bool {
        matches!(
            &self.text[self.ws[k].end..self.ws[k + 1].start],
            " " | "\u{a0}"
        )
    }

    /// Word `k` can be part of an organisation's name.
    pub(super) fn part(&self, k: usize) -> bool {
        let t = self.tok(k);
        // "Privately-held" is no part of a name; "Rolls-Royce" and "al-Faisal" are.
        let lower_after_hyphen = t
            .split('-')
            .skip(1)
            .any(|p| p.chars().next().is_some_and(char::is_lowercase));
        self.ws[k].upper
            && !lower_after_hyphen
            && !words::HONORIFIC.has(t)
            && !words::SPAN_STOPPER.has(t)
    }

    /// The capitalised words right after word `b` (up to three) name an event or a thing
    /// ("Film Awards", "Prize", "Bridge").
    pub(super) fn event_after(&self, b: usize) -> bool {
        let mut k = b;
        while k + 1 < self.ws.len() && k < b + 3 && self.adjacent(k) && self.ws[k + 1].upper {
            k += 1;
            if words::NOT_SURNAME.has(self.tok(k)) {
                return true;
            }
        }
        false
    }

    /// Words `k - 2`, `k - 1` are a name word and "and" / "&" before word `k`.
    pub(super) fn and_before(&self, k: usize) -> bool {
        k >= 2
            && matches!(self.tok(k - 1), "and" | "&")
            && self.adjacent(k - 1)
            && self.adjacent(k - 2)
            && self.part(k - 2)
    }

    /// Word `k` opens a sentence and is an ordinary word, not an organisation's ("Shares",
    /// "Bonds"; not "Bank", "University").
    pub(super) fn sentence_word(&self, k: usize) -> bool {
        let t = self.tok(k);
        self.ws[k].sentence_start
            && words::with_lower(t, words::is_word)
            && !words::ORG_SUFFIX.has(t)
            && !words::ORG_PREFIX.has(t)
            && !words::INSTITUTION.has(t)
    }

    /// Word `k + 1` is "of" right after word `k`.
    pub(super) fn of_after(&self, k: usize) -> bool {
        k + 1 < self.ws.len() && self.tok(k + 1) == "of" && self.adjacent(k)
    }

    /// The capitalised words after "of" at `of` ("of Science and Technology"): the last one.
    pub(super) fn of_tail(&self, of: usize) -> usize {
        let mut e = of;
        loop {
            if e + 1 < self.ws.len() && self.adjacent(e) && self.part(e + 1) {
                e += 1;
            } else if e > of
                && e + 2 < self.ws.len()
                && matches!(self.tok(e + 1), "and" | "&")
                && self.adjacent(e)
                && self.adjacent(e + 1)
                && self.part(e + 2)
            {
                e += 2;
            } else {
                break;
            }
        }
        // "the Paris Club of Western creditor nations": an adjective that ends the run is no
        // part of the name.
        while e > of
            && (is_in(ADJECTIVES_ENDING_NO_NAME, self.tok(e)) || words::is_demonym(self.tok(e)))
        {
            e -= 1;
            if e > of && matches!(self.tok(e), "and" | "&") {
                e -= 1;
            }
        }
        e
    }

    /// A name ending in an organisation word at `k` ("Western National Life Insurance Co",
    /// "James Capel and Co", "London School of Economics"): its first and last word, and
    /// whether the suffix is a strong one.
    pub(super) fn suffix_span(&self, k: usize) -> Option<(usize, usize, bool)> {
        let t = self.tok(k);
        if !words::ORG_SUFFIX.has(t) {
            return None;
        }
        let after_name = k > 0 && self.adjacent(k - 1) && self.part(k - 1);
        let and_co = is_in(words::LEGAL_FORMS, t) && self.and_before(k);
        if !(after_name || and_co) {
            return None;
        }
        // Walk back over capitalised words and connectors.
        let (mut a, mut b) = (k, k);
        let mut n = 1;
        while a > 0 && n < ORG_SPAN_WORDS {
            // "Procter & Gamble Co", "Marsh & McLennan Cos": an ampersand joins the name's
            // words (it is no word itself), unless a legal form ends the name before it.
            if !self.adjacent(a - 1) {
                let amp = &self.text[self.ws[a - 1].end..self.ws[a].start] == " & ";
                if amp && self.part(a - 1) && !words::LEGAL_FORM.has(self.tok(a - 1)) {
                    a -= 1;
                    n += 1;
                    continue;
                }
                break;
            }
            let pt = self.tok(a - 1);
            if pt.ends_with("'s") || pt.ends_with("’s") {
                // "Moody's Investors Service", but not "Japan's Finance Ministry".
                let owner = strip_possessive(pt);
                if self.part(a - 1)
                    && !words::ORG_SUFFIX.has(owner)
                    && self.gz.lookup(owner).next().is_none()
                {
                    a -= 1;
                    // "Standard and Poor's Corp": the name goes on before "and".
                    if self.and_before(a) {
                        a -= 2;
                    }
                }
                break;
            }
            if self.part(a - 1) {
                a -= 1;
                n += 1;
            } else if (is_in(words::CONNECTORS, pt) || (pt == "and" && a < k))
                && a >= 2
                && self.part(a - 2)
                && self.adjacent(a - 2)
                // "Quorvex Geothermal Inc and Quorvex Mining Corp": a legal form ends a name.
                && !words::LEGAL_FORM.has(self.tok(a - 2))
                // "Shares of Acme Electric Co": an ordinary word opening the sentence is no
                // name's ("Bank of America Corp" is).
                && !(pt == "of" && self.sentence_word(a - 2))
            {
                // "Securities and Exchange Commission"; not "Moult and University".
                a -= 1;
            } else {
                break;
            }
        }
        if a == k && and_co {
            a = self.partners_before(k);
        }
        if a == k || is_in(words::CONNECTORS, self.tok(a)) || self.tok(a) == "and" {
            return None;
        }
        // Cut by the length limit with more capitalised words before it: a label list or a
        // menu ("Community Code of Conduct Videos and Slides Press"), not a name.
        if n >= ORG_SPAN_WORDS && a > 0 && self.adjacent(a - 1) && self.part(a - 1) {
            return None;
        }
        // "London School of Economics": the suffix word's own "of" part. At most three
        // words after "of": more is a label list ("University of Mozambique Sponsorship
        // Prospectus").
        // "Hallmark Cards Inc of Kansas City": a legal form ends the name; the town is where
        // it is. "Co of" and "Corp of" go on ("Prudential Insurance Co of America", "Hospital
        // Corp of America").
        if self.of_after(k)
            && (!words::LEGAL_FORM.has(t)
                || matches!(t, "Co" | "Co." | "Corp" | "Corp." | "Corporation"))
        {
            let e = self.of_tail(k + 1);
            if (k + 2..=k + 5).contains(&e) {
                b = e;
            }
        }
        let cued = words::STRONG_ORG_SUFFIX.has(t);
        let toks: Vec<&str> = (a..=b).map(|i| self.tok(i)).collect();
        if !cued && all_words(&toks) {
            return None; // "Artificial Neural Networks": a topic
        }
        if !cued && self.field_of_work(&toks) {
            return None;
        }
        if generic_org_here(self.gz, self.text, &toks, self.ws[b].end) {
            return None;
        }
        Some((a, b, cued))
    }

    /// Where the partners' names start before "and" and a final legal form at `k` ("James
    /// Capel and Co", "Procter & Gamble Co"), a comma between two one-word names included
    /// ("Goldman, Sachs and Co", "Kidder, Peabody and Co"; not "Morgan Stanley, Goldman Sachs
    /// and Co").
    pub(super) fn partners_before(&self, k: usize) -> usize {
        let mut a = k - 2;
        while a > 0 && k - a < ORG_SPAN_WORDS && self.adjacent(a - 1) && self.part(a - 1) {
            a -= 1;
        }
        let comma = |i: usize| &self.text[self.ws[i].end..self.ws[i + 1].start] == ", ";
        if a == k - 2
            && a > 0
            && comma(a - 1)
            && self.part(a - 1)
            && !(a > 1 && (self.adjacent(a - 2) && self.ws[a - 2].upper))
        {
            a -= 1;
        }
        a
    }

    /// "Canadian AI", "Hiroshima AI", "African Data": a country's or a place's field of work,
    /// not a company.
    pub(super) fn field_of_work(&self, toks: &[&str]) -> bool {
        let place = |w: &str| {
            words::is_demonym(w)
                || self
                    .gz
                    .lookup(w)
                    .any(|e| e.kind == Kind::Place && !e.ambiguous)
        };
        toks.len() == 2 && is_in(TOPIC_SUFFIXES, toks[1]) && place(toks[0])
    }

    /// "University of Tartu", "Bank of the Philippine Islands": an organisation word at `k`,
    /// "of" and up to four capitalised words.
    pub(super) fn prefix_span(&self, k: usize) -> Option<(usize, usize, bool)> {
        // "Centre for Economic Policy Research", "Institute for Fiscal Studies".
        let for_after = k + 1 < self.ws.len()
            && self.tok(k + 1) == "for"
            && self.adjacent(k)
            && words::INSTITUTION.has(self.tok(k));
        if !words::ORG_PREFIX.has(self.tok(k)) || !(self.of_after(k) || for_after) {
            return None;
        }
        let mut b = k + 1;
        if b + 1 < self.ws.len() && self.tok(b + 1) == "the" && self.adjacent(b) {
            b += 1;
        }
        let from = b;
        b = self.of_tail(b);
        // "International Federation of ...", "European Association of ...": a scope or a
        // nationality before the head belongs to the name.
        let mut a = k;
        while a > 0
            && k - a < 2
            && self.adjacent(a - 1)
            && (words::is_in(
                &[
                    "International",
                    "World",
                    "Global",
                    "National",
                    "Royal",
                    "Federal",
                ],
                self.tok(a - 1),
            ) || words::is_demonym(self.tok(a - 1)))
        {
            a -= 1;
        }
        (b != from && b - from <= 4).then_some((a, b, true))
    }

    /// The gazetteer names the span (words `a..=b`) itself: a known name of any type that is
    /// the whole span ("Soviet Union" is a place), or a known organisation or product in it
    /// (past a possessive first word) followed only by legal forms and weak organisation
    /// words ("Microsoft Corp", "Google Cloud Security"). A longer name that goes on from a
    /// known one is another organisation ("Amoco Chemical Co", "Bell Canada Enterprises
    /// Inc", "Commonwealth Bank of Australia").
    pub(super) fn known(&self, a: usize, b: usize) -> bool {
        let (gz, text) = (self.gz, self.text);
        let (start, end) = (self.ws[a].start, self.ws[b].end);
        if gz
            .find_at(text, start)
            .is_some_and(|m| m.end() == end && boundary_ok(text, start, end))
        {
            return true;
        }
        let first_possessive = strip_possessive(self.tok(a)).len() < self.tok(a).len();
        let from = if first_possessive { a + 1 } else { a };
        (from..=b).any(|k| {
            gz.find_at(text, self.ws[k].start).is_some_and(|m| {
                let e = gz.form_entry(m.pattern());
                // "General Signal Corp", "Nippon Signal Co": a product's name with a legal
                // form is a company's, not the product's.
                let legal_after = || {
                    (k..=b)
                        .filter(|&i| self.ws[i].start >= m.end())
                        .any(|i| words::LEGAL_FORM.has(self.tok(i)))
                };
                // "Zorblax National Bank", "Michigan National Bank", "Qatar National Bank":
                // a generic name the gazetteer holds ("National Bank") after a name's own
                // words is part of a longer name; not after a nationality or a country's
                // initials ("US Commerce Department" is the Commerce Department).
                let generic_tail = || {
                    k > a
                        && generic_org(&text[m.start()..m.end()].split(' ').collect::<Vec<_>>())
                        && (a..k).all(|i| {
                            let t = strip_possessive(self.tok(i));
                            let initials = !t.chars().any(char::is_lowercase);
                            let country = initials && gz.lookup(t).any(|e| e.kind == Kind::Place);
                            !(words::is_demonym(t) || country)
                        })
                };
                m.end() <= end
                    && boundary_ok(text, m.start(), m.end())
                    && (e.kind == Kind::Org || e.kind == Kind::Product && !legal_after())
                    && !self.names_more((k..=b).filter(|&i| self.ws[i].start >= m.end()))
                    && !generic_tail()
            })
        })
    }

    /// The words after a known name that opens a span name another organisation with it:
    /// a name part ending in a strong suffix or legal form ("Chemical Co", "Enterprises
    /// Inc") or the suffix's "of" part ("Bank of Australia"), with no "and" joining a second
    /// name ("Amazon Web Services and Google Cloud").
    pub(super) fn names_more(&self, rest: impl Iterator<Item = usize>) -> bool {
        let rest: Vec<&str> = rest.map(|i| self.tok(i)).collect();
        let of = rest.iter().position(|&t| t == "of");
        let head = &rest[..of.unwrap_or(rest.len())];
        if head.iter().any(|&t| matches!(t, "and" | "&")) {
            return false;
        }
        if of.is_some() {
            return true;
        }
        let Some((&last, before)) = head.split_last() else {
            return false;
        };
        words::STRONG_ORG_SUFFIX.has(last) && before.iter().any(|&t| !words::LEGAL_FORM.has(t))
    }
}

/// An organisation's name without a trailing legal form unless only ordinary words are left
/// ("Amoco Chemical Co" is "Amoco Chemical", "Chrysler Corp" is "Chrysler", as the corpus's
/// vote names it; "Pioneer Corp" stays), and without a possessive.
pub(super) fn org_name(span: &str) -> &str {
    let mut name = strip_possessive(span);
    while let Some((head, last)) = name.rsplit_once(' ') {
        let legal = is_in(words::LEGAL_FORMS, last.trim_end_matches(['.', ',']));
        let head = head.trim_end_matches(',');
        // "Commodity Credit Corporation" keeps its legal form: without it, ordinary words.
        let plain: Vec<&str> = head.split(' ').collect();
        // "James Capel and Co" keeps it too: "and Co" is part of the name.
        if !legal || all_words(&plain) || head.ends_with(" and") || head.ends_with(" &") {
            break;
        }
        name = head;
    }
    name
}

/// Discovered names longer than this (not counting connectors) are lists, not names.
pub(super) const MAX_NAME_WORDS: usize = 4;
