//! Property tests for the files the server reads (issue 11): the rest-day CSV an operator
//! imports and the benefit policy files. Arbitrary text and mutations of the real files never
//! panic; a rest-day file that parses round-trips; a mutated policy either fails to parse with
//! a message or assesses a household without panicking.

use portal_api::benefits::{Household, Policy, assess};
use portal_api::ids::Date;
use portal_server::calendar::parse_rest_days;
use proptest::prelude::*;

fn policy_texts() -> Vec<String> {
    let dir = crate::support::crate_dir().join("../../policies");
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn rest_day_files_never_panic(text in "(\\PC{0,40}\n){0,6}") {
        let _ = parse_rest_days(&text);
    }

    #[test]
    fn rest_day_lines_that_parse_round_trip(
        y in 1990i32..2100, m in 0u32..14, d in 0u32..33, holiday: bool, note in "[a-z0-9 节日假期]{0,12}"
    ) {
        let kind = if holiday { "holiday" } else { "workday" };
        let text = format!("day,kind,note\n{y:04}-{m:02}-{d:02},{kind},{note}\n");
        match (parse_rest_days(&text), Date::parse(&format!("{y:04}-{m:02}-{d:02}"))) {
            (Ok(days), Some(day)) => {
                prop_assert_eq!(days.len(), 1);
                prop_assert_eq!(days[0].day, day);
            }
            (Err(e), None) => prop_assert!(e.starts_with("line 2:"), "{}", e),
            (got, date) => prop_assert!(false, "{:?} for date {:?}", got, date),
        }
    }

    #[test]
    fn mutated_policy_files_fail_cleanly_or_assess(
        which in 0usize..4, cut in 0usize..20_000, at in 0usize..20_000, insert in "\\PC{0,8}"
    ) {
        let texts = policy_texts();
        let text = &texts[which % texts.len()];
        // Cut the file short, or splice arbitrary text in, at a character boundary.
        let chars: Vec<char> = text.chars().collect();
        let (cut, at) = (cut % (chars.len() + 1), at % (chars.len() + 1));
        let short: String = chars[..cut].iter().collect();
        let spliced: String =
            chars[..at].iter().chain(insert.chars().collect::<Vec<_>>().iter()).chain(chars[at..].iter()).collect();
        for t in [short, spliced] {
            if let Ok(policy) = toml::from_str::<Policy>(&t) {
                let household = Household { members: vec![Default::default()], ..Default::default() };
                let today = Date::parse("2026-06-01").unwrap();
                let _ = assess(&household, &policy, today);
            }
        }
    }
}
