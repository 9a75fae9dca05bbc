//! Runs the benefit test cases in `tests/benefits/*.yaml` (in the manner of OpenFisca: each
//! case is a household, a date, a region and the expected eligibility and amounts) against the
//! shipped `policies/*.toml`. Amounts in the cases are yuan strings ("479.99"), compared
//! exactly in fen: no tolerance.

use portal_api::benefits::{AssessError, Eligibility, Fen, Household, Policy, Programme, assess};
use portal_api::ids::Date;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Deserialize)]
struct File {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    region: String,
    date: Date,
    household: Household,
    #[serde(default)]
    expect: BTreeMap<String, Expect>,
    /// The `error` tag of the expected `AssessError`.
    #[serde(default)]
    expect_error: Option<String>,
    /// The monthly total of likely programmes, taking the better option of every choice.
    #[serde(default)]
    expect_total: Option<Fen>,
    /// How many choose-one alternatives the result offers.
    #[serde(default)]
    expect_choices: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    eligibility: Eligibility,
    /// Expected amount (the minimum of a range); omitted: not checked; null: no amount.
    #[serde(default, deserialize_with = "some")]
    amount: Option<Option<Fen>>,
    #[serde(default)]
    amount_max: Option<Fen>,
}

fn some<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<Fen>>, D::Error> {
    Option::<Fen>::deserialize(d).map(Some)
}

fn root() -> PathBuf {
    crate_dir().join("../..")
}

fn policies() -> BTreeMap<String, Policy> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(root().join("policies")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let policy: Policy =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.insert(policy.region.clone(), policy);
        }
    }
    out
}

fn programme(key: &str) -> Programme {
    Programme::ALL
        .into_iter()
        .find(|p| p.key() == key)
        .unwrap_or_else(|| panic!("unknown programme {key}"))
}

fn error_tag(e: &AssessError) -> String {
    serde_json::to_value(e).unwrap()["error"].as_str().unwrap().to_owned()
}

#[test]
fn every_case_in_tests_benefits_passes() {
    let policies = policies();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/benefits"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let (mut count, mut failures) = (0, Vec::new());
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let file: File =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for case in file.cases {
            count += 1;
            let label = format!("{} :: {}", path.file_name().unwrap().to_string_lossy(), case.name);
            let policy = policies
                .get(&case.region)
                .unwrap_or_else(|| panic!("{label}: no policy {}", case.region));
            match (assess(&case.household, policy, case.date), &case.expect_error) {
                (Err(e), Some(tag)) if &error_tag(&e) == tag => {}
                (Err(e), _) => failures.push(format!("{label}: unexpected error {e:?}")),
                (Ok(_), Some(tag)) => {
                    failures.push(format!("{label}: expected error {tag}, got a result"))
                }
                (Ok(a), None) => {
                    assert!(
                        !case.expect.is_empty() || case.expect_total.is_some(),
                        "{label}: a case must expect something"
                    );
                    if let Some(t) = case.expect_total.filter(|t| *t != a.total_monthly) {
                        failures.push(format!("{label}: total {}, expected {t}", a.total_monthly));
                    }
                    if let Some(n) = case.expect_choices.filter(|n| *n != a.choices.len()) {
                        failures.push(format!(
                            "{label}: {} choices, expected {n}: {:?}",
                            a.choices.len(),
                            a.choices
                        ));
                    }
                    for (key, want) in &case.expect {
                        let got = a.result(programme(key));
                        if got.eligibility != want.eligibility {
                            failures.push(format!(
                                "{label}: {key} eligibility {:?}, expected {:?} ({:?})",
                                got.eligibility, want.eligibility, got.reasons
                            ));
                        }
                        let got_min = got.amount.map(|e| e.min);
                        match want.amount {
                            Some(None) if got_min.is_some() => failures
                                .push(format!("{label}: {key} amount {got_min:?}, expected none")),
                            Some(Some(w)) if got_min != Some(w) => failures
                                .push(format!("{label}: {key} amount {got_min:?}, expected {w}")),
                            _ => {}
                        }
                        if let Some(w) = want.amount_max {
                            let got_max = got.amount.map(|e| e.max);
                            if got_max != Some(w) {
                                failures.push(format!(
                                    "{label}: {key} amount max {got_max:?}, expected {w}"
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    println!("{count} benefit cases in {} files", files.len());
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count >= 400, "only {count} cases; the suite promises at least 400");
}

#[test]
fn every_shipped_policy_has_every_parameter_in_force_today_and_cites_it() {
    // Today as the server counts it (the city's calendar), so a figure that lapses is caught.
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let today = portal_api::calendar::office_local(secs).0;
    let all = policies();
    assert_eq!(all.len(), 4, "one policy per region of the bureau documents");
    for (region, policy) in all {
        let h = Household { members: vec![Default::default()], ..Default::default() };
        let a = assess(&h, &policy, today).unwrap_or_else(|e| panic!("{region}: {e:?}"));
        for r in &a.results {
            assert_ne!(r.eligibility, Eligibility::NotAssessed, "{region}: {:?}", r.reasons);
        }
        let json = serde_json::to_value(&policy.params).unwrap();
        for (name, entries) in json.as_object().unwrap() {
            let in_force = entries
                .as_array()
                .unwrap()
                .iter()
                .any(|e| Date::parse(e["from"].as_str().unwrap()).is_some_and(|d| d <= today));
            assert!(in_force, "{region}.{name}: no value in force on {today}");
            for e in entries.as_array().unwrap() {
                let source = e["source"].as_str().unwrap();
                assert!(source.chars().count() > 10, "{region}.{name}: a value needs a source");
            }
        }
    }
}

/// This crate's directory, read when the tests run (cargo sets it), not when they were built:
/// with a target directory shared between clones, a test binary built in one clone can be
/// reused from another, and a compile-time path would point at the first.
fn crate_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}
