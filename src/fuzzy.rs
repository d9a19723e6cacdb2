//! "Did you mean ...?": the one way patuh finds the name a misspelling
//! meant, for fields, functions, types, keywords, rule ids and waiver
//! fields alike.
//!
//! A name is meant when it is within a few edits of the word (Damerau-
//! Levenshtein, case ignored): one edit for a word of up to three letters,
//! two up to eight, three beyond, and always fewer edits than the word has
//! letters. A word auditors reach for instead of a name (`average` for
//! `avg`) is answered by its synonym first.

/// The name in `names` closest to `word`, when it is close enough to be a
/// misspelling of it (the word itself is never suggested).
pub fn nearest<'a>(word: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let len = lower.chars().count();
    let allowed = match len {
        0..=3 => 1,
        4..=8 => 2,
        _ => 3,
    };
    names
        .into_iter()
        .filter(|n| *n != word)
        .map(|n| (strsim::damerau_levenshtein(&lower, &n.to_lowercase()), n))
        .filter(|&(d, _)| d <= allowed && d < len)
        .min()
        .map(|(_, n)| n)
}

/// What `word` means: the name a synonym stands for, else the nearest of
/// `names`.
pub fn suggest<'a>(
    word: &str,
    names: impl IntoIterator<Item = &'a str>,
    synonyms: &[(&str, &'a str)],
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    match synonyms.iter().find(|(s, _)| *s == lower) {
        Some((_, meant)) => Some(meant),
        None => nearest(word, names),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspellings_find_the_name_meant() {
        let names = [
            "bpu",
            "pu",
            "jakon",
            "pmi",
            "funds_bpu",
            "premium_monthly",
            "regencies",
        ];
        assert_eq!(nearest("bpuu", names), Some("bpu"));
        assert_eq!(nearest("fund_bpu", names), Some("funds_bpu"));
        assert_eq!(nearest("premium_montly", names), Some("premium_monthly"));
        assert_eq!(nearest("regencys", names), Some("regencies"));
        assert_eq!(nearest("Regencies", names), Some("regencies"));
        assert_eq!(nearest("x", names), None);
        assert_eq!(nearest("workforce", names), None);
        assert_eq!(
            nearest("bpu", ["bpu"]),
            None,
            "the word itself is no suggestion"
        );
    }

    #[test]
    fn a_synonym_comes_first() {
        let names = ["avg", "sum", "max"];
        assert_eq!(
            suggest("average", names, &[("average", "avg")]),
            Some("avg")
        );
        assert_eq!(
            suggest("Average", names, &[("average", "avg")]),
            Some("avg")
        );
        assert_eq!(suggest("summ", names, &[]), Some("sum"));
        assert_eq!(suggest("total", names, &[]), None);
    }
}
