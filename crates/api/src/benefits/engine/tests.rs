//! Properties of the engine over generated households, against the shipped policies.

use super::*;
use crate::benefits::model::{
    ChildStatus, Disability, DisabilityKind, Emergency, Member, PensionKind, Relation, SelfCare,
};
use proptest::prelude::*;

fn policies() -> Vec<Policy> {
    [
        include_str!("../../../../../policies/hubei-tianmen.toml"),
        include_str!("../../../../../policies/kunming-anning.toml"),
        include_str!("../../../../../policies/shanghai-changning.toml"),
        include_str!("../../../../../policies/changzhou-zhonglou.toml"),
    ]
    .iter()
    .map(|t| toml::from_str(t).unwrap())
    .collect()
}

fn fen(max_yuan: i64) -> impl Strategy<Value = Fen> {
    (0..max_yuan * 100).prop_map(Fen)
}

fn arb_member() -> impl Strategy<Value = Member> {
    let relations = [
        Relation::Applicant,
        Relation::Spouse,
        Relation::Child,
        Relation::Parent,
        Relation::Grandparent,
        Relation::Grandchild,
        Relation::Sibling,
        Relation::Other,
    ];
    (
        (0usize..8, 0u32..105, proptest::option::of((0usize..7, 1u8..5)), any::<bool>()),
        (any::<bool>(), 0usize..3, 0usize..3, any::<bool>()),
        (fen(3000), fen(3000), fen(300), fen(2000)),
    )
        .prop_map(
            move |((rel, age, dis, ill), (student, care, cs, basic), (w, p, oa, other))| {
                let child = age < 18;
                Member {
                    relation: relations[rel],
                    age,
                    disability: dis
                        .map(|(k, grade)| Disability { kind: DisabilityKind::ALL[k], grade }),
                    grave_illness: ill,
                    student,
                    own_earnings: (16..=17).contains(&age) && student,
                    self_care: SelfCare::ALL[care],
                    child_status: if child {
                        [ChildStatus::None, ChildStatus::Orphan, ChildStatus::DeFacto][cs]
                    } else {
                        ChildStatus::None
                    },
                    wages: w,
                    pension: p,
                    pension_kind: if basic {
                        PensionKind::ResidentsBasic
                    } else {
                        PensionKind::Retirement
                    },
                    old_age_allowance: oa,
                    other_income: other,
                }
            },
        )
}

fn arb_household() -> impl Strategy<Value = Household> {
    (
        proptest::collection::vec(arb_member(), 1..6),
        fen(60_000),
        0u32..2,
        any::<bool>(),
        (fen(800), any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(|(members, savings, vehicles, rural, (medical, fire, outside, housing))| {
            Household {
                hukou: if rural { Hukou::Rural } else { Hukou::Urban },
                members,
                savings,
                vehicles,
                extra_housing: housing && vehicles == 0,
                medical_monthly: medical,
                medical_yearly: medical.times(12),
                education_monthly: Fen::ZERO,
                emergency: if fire { Emergency::Fire } else { Emergency::None },
                outside_supporter_able: outside,
            }
        })
}

/// Raises both 低保 standards in force by `delta`.
fn raised(policy: &Policy, delta: Fen) -> Policy {
    let mut p = policy.clone();
    for d in p.params.dibao_urban.iter_mut().chain(p.params.dibao_rural.iter_mut()) {
        d.value += delta;
    }
    p
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Every programme gets a result; amounts are never negative, ranges are ordered, an amount
    /// comes only with likely or maybe, and 低保 never pays more than standard × members.
    #[test]
    fn amounts_are_never_negative(h in arb_household(), region in 0usize..4, year in 2015i32..2028) {
        let policy = &policies()[region];
        let date = Date::new(year, 6, 1).unwrap();
        let a = assess(&h, policy, date).unwrap();
        prop_assert_eq!(a.results.len(), Programme::ALL.len());
        for r in &a.results {
            if let Some(e) = r.amount {
                prop_assert!(e.min >= Fen::ZERO && e.max >= e.min, "{:?}", r);
                prop_assert!(matches!(r.eligibility, Eligibility::Likely | Eligibility::Maybe));
            }
        }
        prop_assert!(a.total_monthly >= Fen::ZERO);
        // The total respects choices but never falls below any one likely programme alone.
        for r in &a.results {
            prop_assert!(a.total_monthly >= r.likely_monthly(), "{:?} above the total", r.programme);
        }
        if let (Eligibility::Likely, Some(e), Some(s)) =
            (a.result(Programme::Dibao).eligibility, a.result(Programme::Dibao).amount, &a.standard)
        {
            let FigureValue::Money(std) = s.value else { panic!("standard is money") };
            prop_assert!(e.min <= std.times(i64::from(a.members)));
        }
    }

    /// Raising the 低保 standard never makes a household worse off: no likely programme is
    /// lost and the monthly total does not fall.
    #[test]
    fn raising_a_standard_never_makes_a_household_worse_off(
        h in arb_household(),
        region in 0usize..4,
        delta in 1i64..50_000,
    ) {
        let policy = &policies()[region];
        let date = Date::new(2026, 12, 1).unwrap();
        let before = assess(&h, policy, date).unwrap();
        let after = assess(&h, &raised(policy, Fen(delta)), date).unwrap();
        prop_assert!(after.total_monthly >= before.total_monthly,
            "total fell from {} to {}", before.total_monthly, after.total_monthly);
        for p in [Programme::Dibao, Programme::Tekun, Programme::DisabilityLiving, Programme::Medical, Programme::ElderCare] {
            let (b, a) = (before.result(p), after.result(p));
            if b.eligibility == Eligibility::Likely {
                prop_assert_eq!(a.eligibility, Eligibility::Likely, "{:?} lost: {:?}", p, a.reasons);
                prop_assert!(a.amount.unwrap().min >= b.amount.unwrap().min, "{:?} fell", p);
            }
        }
    }
}

/// Audit finding 9: an 'unlikely' 低保 result whose assets fail must not open with a reason
/// that promises an amount or says 'likely' (Tianmen urban, one person, no income, ¥20,000
/// savings over the 24 × ¥480 = ¥11,520 limit).
#[test]
fn dibao_with_assets_over_the_limit_promises_no_amount_in_its_reasons() {
    let tianmen = policies().into_iter().find(|p| p.region == "hubei-tianmen").unwrap();
    let h = Household {
        members: vec![Member::default()],
        savings: Fen::yuan(20_000),
        ..Default::default()
    };
    let a = assess(&h, &tianmen, Date::new(2026, 12, 1).unwrap()).unwrap();
    let r = a.result(Programme::Dibao);
    assert_eq!(r.eligibility, Eligibility::Unlikely);
    assert_eq!(r.amount, None);
    assert_eq!(
        r.reasons.first(),
        Some(&Reason::IncomeBelowButAssetsOver { per_capita: Fen::ZERO, standard: Fen::yuan(480) })
    );
    assert!(
        !r.reasons.iter().any(|x| matches!(x, Reason::IncomeBelowStandard { .. })),
        "{:?}",
        r.reasons
    );
    assert!(r.reasons.contains(&Reason::AssetsOverLimit {
        savings: Fen::yuan(20_000),
        limit: Fen::yuan(11_520),
        months: 24,
        members: 1,
    }));
    // Within the limit the income reason carries the amount as before.
    let poor = Household { savings: Fen::yuan(11_520), ..h };
    let a = assess(&poor, &tianmen, Date::new(2026, 12, 1).unwrap()).unwrap();
    let r = a.result(Programme::Dibao);
    assert_eq!(r.eligibility, Eligibility::Likely);
    assert!(
        matches!(r.reasons[0], Reason::IncomeBelowStandard { amount, .. } if amount == Fen::yuan(480))
    );
}

/// Audit finding 11: the 特困 reason carries the income that counts (a retirement pension does)
/// and, apart, what is not counted (residents' basic pension, old-age allowance; README, rules:
/// 特困), so the app no longer tells the resident a retirement pension is not income.
#[test]
fn tekun_reason_separates_counted_income_from_what_is_not_counted() {
    let tianmen = policies().into_iter().find(|p| p.region == "hubei-tianmen").unwrap();
    let date = Date::new(2026, 12, 1).unwrap();
    let reason = |m: Member| {
        let h = Household { members: vec![m], ..Default::default() };
        let a = assess(&h, &tianmen, date).unwrap();
        let r = a.result(Programme::Tekun);
        assert_eq!(r.eligibility, Eligibility::Likely, "{:?}", r.reasons);
        match r.reasons[0] {
            Reason::TekunEligible { income, not_counted, standard, .. } => {
                (income, not_counted, standard)
            }
            ref other => panic!("{other:?}"),
        }
    };
    let retired = Member {
        age: 70,
        pension: Fen::yuan(400),
        pension_kind: PensionKind::Retirement,
        ..Default::default()
    };
    assert_eq!(reason(retired), (Fen::yuan(400), Fen::ZERO, Fen::yuan(480)));
    let basic = Member {
        age: 70,
        pension: Fen::yuan(2000),
        pension_kind: PensionKind::ResidentsBasic,
        old_age_allowance: Fen::yuan(50),
        wages: Fen::yuan(100),
        ..Default::default()
    };
    assert_eq!(reason(basic), (Fen::yuan(100), Fen::yuan(2050), Fen::yuan(480)));
}
