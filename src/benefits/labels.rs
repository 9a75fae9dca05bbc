//! Labels in both languages: people, programmes, eligibility, amounts, figures, and the
//! engine's typed errors.

use super::text::bm;
use crate::ui::i18n::Lang;
use portal_api::benefits::{
    AmountError, AssessError, Cited, DisabilityKind, Eligibility, Estimate, Fen, Field,
    FigureValue, Household, Param, PensionKind, Period, Programme, Relation, SelfCare,
};

pub(super) fn zh(lang: Lang) -> bool {
    lang == Lang::Zh
}

/// ¥1,510 or ¥16.67: whole yuan unless there are fen.
pub fn yuan(v: Fen) -> String {
    v.to_string()
}

pub fn relation_label(lang: Lang, r: Relation) -> &'static str {
    let (z, e) = match r {
        Relation::Applicant => ("本人", "you"),
        Relation::Spouse => ("配偶", "spouse"),
        Relation::Child => ("子女", "child"),
        Relation::Parent => ("父母", "parent"),
        Relation::Grandparent => ("祖父母/外祖父母", "grandparent"),
        Relation::Grandchild => ("孙子女/外孙子女", "grandchild"),
        Relation::Sibling => ("兄弟姐妹", "brother or sister"),
        Relation::Other => ("其他亲属", "other relative"),
    };
    if zh(lang) { z } else { e }
}

pub const RELATIONS: [Relation; 7] = [
    Relation::Spouse,
    Relation::Child,
    Relation::Parent,
    Relation::Grandparent,
    Relation::Grandchild,
    Relation::Sibling,
    Relation::Other,
];

pub const KINDS: [DisabilityKind; 7] = DisabilityKind::ALL;

pub fn kind_label(lang: Lang, k: DisabilityKind) -> &'static str {
    let (z, e) = match k {
        DisabilityKind::Physical => ("肢体", "Physical"),
        DisabilityKind::Visual => ("视力", "Visual"),
        DisabilityKind::Hearing => ("听力", "Hearing"),
        DisabilityKind::Speech => ("言语", "Speech"),
        DisabilityKind::Intellectual => ("智力", "Intellectual"),
        DisabilityKind::Mental => ("精神", "Mental"),
        DisabilityKind::Multiple => ("多重", "Multiple"),
    };
    if zh(lang) { z } else { e }
}

/// "第 2 位家人" / "person 2", without the relationship (asked on that very page).
pub fn person_number(lang: Lang, i: usize) -> String {
    match (lang, i) {
        (Lang::Zh, 0) => "您本人".into(),
        (Lang::En, 0) => "you".into(),
        (Lang::Zh, _) => format!("第 {} 位家人", i + 1),
        (Lang::En, _) => format!("person {}", i + 1),
    }
}

/// "第 2 位（配偶）" / "person 2 (spouse)"; the applicant is "您" / "you".
pub fn person(lang: Lang, h: &Household, i: usize) -> String {
    let r = h.members.get(i).map(|m| m.relation).unwrap_or(Relation::Other);
    match (lang, i) {
        (Lang::Zh, 0) => "您本人".into(),
        (Lang::En, 0) => "you".into(),
        (Lang::Zh, _) => format!("第 {} 位家人（{}）", i + 1, relation_label(lang, r)),
        (Lang::En, _) => format!("person {} ({})", i + 1, relation_label(lang, r)),
    }
}

pub fn programme_name(lang: Lang, p: Programme) -> &'static str {
    let (z, e) = match p {
        Programme::Dibao => ("最低生活保障（低保）", "Minimum living guarantee (低保)"),
        Programme::NearPoor => ("低保边缘家庭认定", "Near-poverty household status (低保边缘)"),
        Programme::Tekun => ("特困人员救助供养", "Support for the extremely poor (特困)"),
        Programme::TempEmergency => ("临时救助（急难型）", "Temporary assistance: emergency"),
        Programme::TempExpenditure => {
            ("临时救助（支出型）", "Temporary assistance: crushing costs")
        }
        Programme::DisabilityLiving => {
            ("困难残疾人生活补贴", "Living subsidy for disabled people in hardship")
        }
        Programme::DisabilityCare => {
            ("重度残疾人护理补贴", "Nursing subsidy for severe disability")
        }
        Programme::OldAge => ("高龄津贴 / 老年综合津贴", "Old-age allowance"),
        Programme::ChildAllowance => (
            "孤儿 / 事实无人抚养儿童基本生活费",
            "Basic living allowance for orphans and children without carers",
        ),
        Programme::Medical => ("医疗救助", "Medical assistance"),
        Programme::ChildHardship => {
            ("困境儿童基本生活补贴", "Basic living subsidy for children in hardship (困境儿童)")
        }
        Programme::ElderCare => (
            "经济困难的高龄、失能老年人补贴",
            "Allowance for poor elders who are very old or need care",
        ),
    };
    if zh(lang) { z } else { e }
}

pub fn eligibility_label(lang: Lang, e: Eligibility) -> &'static str {
    let (z, en) = match e {
        Eligibility::Likely => ("很可能符合", "Likely"),
        Eligibility::Maybe => ("可能符合，需核实", "Maybe: to be checked"),
        Eligibility::Unlikely => ("不太符合", "Unlikely"),
        Eligibility::NotAssessed => ("暂时无法估算", "Could not be assessed"),
    };
    if zh(lang) { z } else { en }
}

pub fn amount_text(lang: Lang, e: &Estimate) -> String {
    let range =
        if e.max == e.min { yuan(e.min) } else { format!("{}–{}", yuan(e.min), yuan(e.max)) };
    // A one-off range is a month's amount times a number of months: say so, so the range
    // does not look arbitrary ("¥4,530–¥27,180" is ¥4,530 for 1 to 6 months).
    let months =
        (e.period == Period::OneOff && e.min.0 > 0 && e.max.0 > e.min.0 && e.max.0 % e.min.0 == 0)
            .then(|| e.max.0 / e.min.0);
    match (lang, e.period, months) {
        (Lang::Zh, Period::Monthly, _) => format!("约 {range} / 月"),
        (Lang::Zh, Period::OneOff, Some(n)) => {
            format!("一次性约 {range}（每月 {} × 1 到 {n} 个月）", yuan(e.min))
        }
        (Lang::Zh, Period::OneOff, None) => format!("一次性约 {range}"),
        (Lang::En, Period::Monthly, _) => format!("about {range} a month"),
        (Lang::En, Period::OneOff, Some(n)) => {
            format!("about {range}, one-off ({} a month for 1 to {n} months)", yuan(e.min))
        }
        (Lang::En, Period::OneOff, None) => format!("about {range}, one-off"),
        (Lang::Zh, Period::Yearly, _) => format!("每年约 {range}"),
        (Lang::En, Period::Yearly, _) => format!("about {range} a year"),
    }
}

pub fn bring(lang: Lang, p: Programme) -> &'static str {
    let (z, e) = match p {
        Programme::Dibao | Programme::NearPoor | Programme::TempExpenditure => (
            "全家身份证和户口簿、收入证明、存款及财产情况说明；有看病上学开支的带上票据。",
            "ID cards and household register of everyone, proof of income, a statement of savings and property; receipts for medical or school costs.",
        ),
        Programme::Tekun => (
            "身份证和户口簿、收入和财产情况说明；残疾人带残疾人证。",
            "ID card and household register, a statement of income and property; a disability certificate if any.",
        ),
        Programme::TempEmergency => (
            "身份证、户口簿，以及事故、火灾或病情的证明材料。",
            "ID card, household register, and proof of the accident, fire or illness.",
        ),
        Programme::DisabilityLiving | Programme::DisabilityCare => (
            "身份证、户口簿、第二代残疾人证。",
            "ID card, household register, second-generation disability certificate.",
        ),
        Programme::OldAge => (
            "老人的身份证和银行卡（社保卡）。",
            "The older person's ID card and bank (social-security) card.",
        ),
        Programme::ChildAllowance => (
            "孩子和监护人的身份证、户口簿，父母死亡、失踪或无法抚养的证明。",
            "ID cards and household register of the child and guardian; proof that the parents died, are missing or cannot provide care.",
        ),
        Programme::Medical => (
            "身份证、医保卡，医疗费用发票和医保结算单（能看出报销后自付多少）。",
            "ID card, medical insurance card, the bills and the insurance settlement sheets (showing what you paid after insurance).",
        ),
        Programme::ChildHardship => (
            "孩子和监护人的身份证、户口簿，孩子的残疾人证或医院的重病诊断证明。",
            "ID cards and household register of the child and guardian; the child's disability certificate or the hospital's diagnosis of the illness.",
        ),
        Programme::ElderCare => (
            "老人的身份证、户口簿和银行卡（社保卡）；不能自理的带医院证明或能力评估结果。",
            "The older person's ID card, household register and bank (social-security) card; for care needs, a hospital letter or care assessment.",
        ),
    };
    if zh(lang) { z } else { e }
}

pub fn where_apply(lang: Lang, p: Programme) -> &'static str {
    let (z, e) = match p {
        Programme::DisabilityLiving | Programme::DisabilityCare => (
            "户籍所在地街道（乡镇）社区事务受理服务中心，或通过残联办理。",
            "The community service centre of your street (township), or through the Disabled Persons' Federation.",
        ),
        Programme::OldAge | Programme::ElderCare => (
            "户籍所在地居（村）委会或街道（乡镇）社区事务受理服务中心。",
            "Your residents' (village) committee or the street (township) community service centre.",
        ),
        Programme::Medical => (
            "在定点医院结账时一般直接减免（一站式结算）；没有直接减免的，带票据到街道（乡镇）社区事务受理服务中心申请。",
            "Usually taken off the bill at the hospital's checkout (one-stop settlement); otherwise bring the bills to the street (township) community service centre.",
        ),
        _ => (
            "户籍所在地或居住地街道（乡镇）社区事务受理服务中心（一门受理）。",
            "The community service centre of the street (township) where you are registered or live: one window for all assistance.",
        ),
    };
    if zh(lang) { z } else { e }
}

/// The first letter in capitals. Only English words reach this, so ASCII is enough, and it
/// keeps the 13.6 KB Unicode case table out of the app (issue 14).
pub(super) fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| std::iter::once(f.to_ascii_uppercase()).chain(c).collect()).unwrap_or_default()
}

pub fn amount_error(lang: Lang, e: AmountError) -> &'static str {
    let m = bm(lang);
    match e {
        AmountError::NotANumber => m.err_not_number,
        AmountError::Negative => m.err_negative,
        AmountError::TooLarge => m.err_too_large,
        AmountError::TooPrecise => m.err_too_precise,
    }
}

/// The engine's typed error as a sentence, and the field it is about.
pub fn assess_error(lang: Lang, e: &AssessError, h: &Household) -> String {
    let z = zh(lang);
    let at = |i: &usize| person(lang, h, *i);
    let c = lang.colon();
    match e {
        AssessError::NoMembers => (if z {
            "家里至少要有一个人。"
        } else {
            "The household needs at least one person."
        })
        .into(),
        AssessError::TooManyMembers => {
            (if z { "一个家庭最多填写 20 人。" } else { "Enter at most 20 people." }).into()
        }
        AssessError::ImpossibleAge { member } => format!("{}{c}{}", at(member), bm(lang).err_age),
        AssessError::Negative { field, member } | AssessError::Absurd { field, member } => {
            let what = field_label(lang, *field);
            let msg = if matches!(e, AssessError::Negative { .. }) {
                bm(lang).err_negative
            } else {
                bm(lang).err_too_large
            };
            match member {
                Some(i) => format!("{} · {what}{c}{msg}", at(i)),
                None => format!("{what}{c}{msg}"),
            }
        }
        AssessError::DisabilityGrade { member } => format!(
            "{}{c}{}",
            at(member),
            if z {
                "残疾等级应为 1 到 4 级。"
            } else {
                "the disability grade must be 1 to 4."
            }
        ),
        AssessError::ChildStatusAdult { member } => format!(
            "{}{c}{}",
            at(member),
            if z {
                "18 岁及以上不能按孤儿或事实无人抚养儿童填写。"
            } else {
                "orphan status applies only under 18."
            }
        ),
        AssessError::OwnEarningsAge { member } => format!(
            "{}{c}{}",
            at(member),
            if z {
                "“靠自己劳动收入生活”只适用于 16、17 岁。"
            } else {
                "“living on own earnings” applies only at 16 or 17."
            }
        ),
    }
}

pub fn field_label(lang: Lang, f: Field) -> &'static str {
    let m = bm(lang);
    match f {
        Field::Members => m.q_members,
        Field::Age => m.age,
        Field::Wages => m.wages,
        Field::Pension => m.pension,
        Field::OldAgeAllowance => m.old_age_allowance,
        Field::OtherIncome => m.other_income,
        Field::Savings => m.savings,
        Field::Vehicles => m.owns_car,
        Field::MedicalMonthly => m.medical,
        Field::EducationMonthly => m.education,
        Field::MedicalYearly => super::words::nm(lang).medical_yearly,
        Field::DisabilityGrade => m.disability_grade,
        Field::ChildStatus => m.child_status,
        Field::OwnEarnings => m.own_earnings,
    }
}

pub fn self_care_label(lang: Lang, s: SelfCare) -> &'static str {
    let m = bm(lang);
    match s {
        SelfCare::Full => m.self_care_full,
        SelfCare::Partial => m.self_care_partial,
        SelfCare::None => m.self_care_none,
    }
}

pub fn pension_kind_label(lang: Lang, k: PensionKind) -> &'static str {
    let m = bm(lang);
    match k {
        PensionKind::Retirement => m.pension_retirement,
        PensionKind::ResidentsBasic => m.pension_basic,
    }
}

/// What a policy figure is, for the "figures used" list and for "not assessed" reasons.
pub fn param_label(lang: Lang, p: Param) -> &'static str {
    let (z, e) = match p {
        Param::DibaoUrban => ("城市低保标准", "urban 低保 standard"),
        Param::DibaoRural => ("农村低保标准", "rural 低保 standard"),
        Param::NearPoorPercent => (
            "低保边缘收入上限（低保标准的倍数）",
            "near-poverty income limit (share of the standard)",
        ),
        Param::AssetLimitMonths => {
            ("存款上限（几个月的低保标准）", "savings limit (months of the standard)")
        }
        Param::TekunUrban => ("城镇特困人员基本生活标准", "urban 特困 basic living standard"),
        Param::TekunRural => ("农村特困人员基本生活标准", "rural 特困 basic living standard"),
        Param::TekunCareFull => ("特困照料护理标准（能自理）", "特困 care allowance (self-caring)"),
        Param::TekunCarePartial => {
            ("特困照料护理标准（部分不能自理）", "特困 care allowance (partly dependent)")
        }
        Param::TekunCareNone => {
            ("特困照料护理标准（完全不能自理）", "特困 care allowance (fully dependent)")
        }
        Param::TempMaxMonths => ("临时救助最多月数", "temporary assistance: most months"),
        Param::DisabilityLiving => ("困难残疾人生活补贴", "disability living subsidy"),
        Param::DisabilityCareGrade1 => ("一级重度残疾人护理补贴", "nursing subsidy, grade 1"),
        Param::DisabilityCareGrade2 => ("二级重度残疾人护理补贴", "nursing subsidy, grade 2"),
        Param::OldAgeBands => ("高龄津贴档次", "old-age allowance bands"),
        Param::Orphan => ("孤儿基本生活费", "orphan allowance"),
        Param::DeFactoChild => {
            ("事实无人抚养儿童基本生活补贴", "allowance for children without carers")
        }
        Param::MedicalPercentCore => {
            ("医疗救助比例（低保、特困）", "medical assistance share (低保, 特困)")
        }
        Param::MedicalPercentNearPoor => {
            ("医疗救助比例（低保边缘）", "medical assistance share (near-poor)")
        }
        Param::MedicalCapYearly => ("医疗救助年度限额", "medical assistance yearly cap"),
        Param::ChildHardship => ("困境儿童基本生活补贴", "subsidy for children in hardship"),
        Param::ElderAgeDibao => {
            ("低保、特困老人补贴起始年龄", "age from which 低保 and 特困 elders qualify")
        }
        Param::ElderAgeNearPoor => {
            ("低保边缘老人补贴起始年龄", "age from which near-poor elders qualify")
        }
        Param::ElderAged => ("高龄补贴（经济困难）", "allowance for the very old (poor)"),
        Param::TekunStudentAge => (
            "特困：年满此年龄仍在读义务教育、普通高中或中职的可继续供养",
            "特困: from this age, kept while still at school or secondary vocational school",
        ),
        Param::ElderDisabled => {
            ("失能、半失能老人补贴（经济困难）", "allowance for elders needing care (poor)")
        }
    };
    if zh(lang) { z } else { e }
}

/// A figure's value as a short text: "¥480", "150%", "24 个月", "80 岁起 ¥50; …".
pub fn figure_value(lang: Lang, c: &Cited) -> String {
    let z = zh(lang);
    match &c.value {
        FigureValue::Money(f) => yuan(*f),
        FigureValue::Number(n)
            if matches!(
                c.param,
                Param::NearPoorPercent | Param::MedicalPercentCore | Param::MedicalPercentNearPoor
            ) =>
        {
            format!("{n}%")
        }
        FigureValue::Number(n)
            if matches!(
                c.param,
                Param::ElderAgeDibao | Param::ElderAgeNearPoor | Param::TekunStudentAge
            ) =>
        {
            if z {
                format!("{n} 岁")
            } else {
                format!("age {n}")
            }
        }
        FigureValue::Number(n) => {
            if z {
                format!("{n} 个月")
            } else {
                format!("{n} months")
            }
        }
        FigureValue::Derived(d) => derived_text(lang, d),
        FigureValue::Bands(bands) => bands
            .iter()
            .map(|b| {
                if z {
                    format!("{} 岁起 {}", b.min_age, yuan(b.monthly))
                } else {
                    format!("from {}: {}", b.min_age, yuan(b.monthly))
                }
            })
            .collect::<Vec<_>>()
            .join(if z { "；" } else { "; " }),
    }
}

fn derived_text(lang: Lang, d: &portal_api::benefits::Derived) -> String {
    use portal_api::benefits::Derived;
    let z = zh(lang);
    match *d {
        Derived::Urban { percent } => {
            if z {
                format!("城市低保标准的 {percent}%")
            } else {
                format!("{percent}% of the urban standard")
            }
        }
        Derived::Rural { percent } => {
            if z {
                format!("农村低保标准的 {percent}%")
            } else {
                format!("{percent}% of the rural standard")
            }
        }
        Derived::Own { amount } => yuan(amount),
    }
}

/// Why the household must choose, in a sentence.
pub fn choice_intro(lang: Lang, c: &portal_api::benefits::Choice, h: &Household) -> String {
    use portal_api::benefits::ChoiceKind;
    let z = zh(lang);
    match c.kind {
        ChoiceKind::TekunOrChildAllowance { member } => {
            let who = person(lang, h, member);
            if z {
                format!(
                    "{who}同时符合特困和孤儿（事实无人抚养儿童）基本生活保障，只能选一项（民发〔2021〕43号第十条）："
                )
            } else {
                format!(
                    "{} meets both 特困 and the children's allowance and may have only one (民发〔2021〕43号 art. 10):",
                    capital(&who)
                )
            }
        }
        ChoiceKind::TekunOrDibao => (if z {
            "纳入特困的人不再计入低保家庭，家庭可以选择："
        } else {
            "Someone taken into 特困 leaves the 低保 household, so the household chooses between:"
        })
        .into(),
    }
}
