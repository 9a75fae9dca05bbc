//! The sentences that explain a result, in both languages, each with its numbers.

use super::labels::{capital, person, yuan};
use crate::ui::i18n::Lang;
use portal_api::benefits::{
    ChildStatus, Emergency, Fen, Household, Reason, SelfCare, SupporterState, TekunBase,
};

/// One step of reasoning as a sentence with its numbers.
pub fn reason(lang: Lang, r: &Reason, h: &Household) -> String {
    let s = sentence(lang, r, h);
    if lang == Lang::En { you_agree(s) } else { s }
}

/// English sentences name the applicant as "you": "You have", not "You has".
fn you_agree(s: String) -> String {
    [
        ("You has ", "You have "),
        ("You meets ", "You meet "),
        ("You does ", "You do "),
        ("You is ", "You are "),
    ]
    .into_iter()
    .fold(s, |s, (wrong, right)| s.replace(wrong, right))
}

fn sentence(lang: Lang, r: &Reason, h: &Household) -> String {
    let z = lang == Lang::Zh;
    match r {
        Reason::NoFigure { param, date } => {
            let what = super::labels::param_label(lang, *param);
            if z {
                format!("本地区在 {date} 没有正在执行的“{what}”，这一项暂时无法估算。")
            } else {
                format!(
                    "This area has no {what} in force on {date}, so this could not be assessed."
                )
            }
        }
        Reason::TekunEligible { .. }
        | Reason::TekunSupporterUnclear { .. }
        | Reason::TekunStudent { .. }
        | Reason::TekunNotAll { .. }
        | Reason::NobodyTekun => tekun(lang, r, h),
        Reason::EmergencyHardship { .. }
        | Reason::ExpenditureHardship { .. }
        | Reason::ExpensesNotEnough { .. }
        | Reason::TempMeans { .. }
        | Reason::TempMeansUnchecked { .. }
        | Reason::NoHardship => temporary(lang, r),
        Reason::DisabledInDibaoHousehold { .. }
        | Reason::DisabledNearPoor { .. }
        | Reason::DisabledNotInDibao { .. }
        | Reason::NoDisabledMember
        | Reason::SevereDisabilityCare { .. }
        | Reason::SevereDisabilityNoCareNeed { .. }
        | Reason::NoSevereDisability => disability(lang, r, h),
        Reason::OldAgeBand { .. }
        | Reason::NoOneInAgeBand { .. }
        | Reason::ChildAllowance { .. }
        | Reason::NoQualifyingChild => family(lang, r, h),
        Reason::InNearPoorBand { .. }
        | Reason::BelowNearPoorBand
        | Reason::AboveNearPoorBand { .. }
        | Reason::SinglePersonHousehold { .. } => near_poor(lang, r, h),
        Reason::MedicalShare { .. }
        | Reason::MedicalNoCosts { .. }
        | Reason::MedicalNeedsStatus
        | Reason::ChildHardship { .. }
        | Reason::ChildHardshipInTekun { .. }
        | Reason::ChildHardshipNeedsLowIncome { .. }
        | Reason::NoChildInHardship
        | Reason::ElderCare { .. }
        | Reason::ElderNotYet { .. }
        | Reason::ElderNeedsLowIncome { .. }
        | Reason::NoElderInNeed => super::status_reasons::reason(lang, r, h),
        _ => means(lang, r),
    }
}

/// "(¥480 − ¥300) × 3" when the share is exact, else "¥480 × 3 − ¥1,000".
fn gap_sum(standard: Fen, per_capita: Fen, total: Fen, members: u32) -> String {
    if per_capita.times(i64::from(members)) == total {
        format!("({} − {}) × {members}", yuan(standard), yuan(per_capita))
    } else {
        format!("{} × {members} − {}", yuan(standard), yuan(total))
    }
}

fn means(lang: Lang, r: &Reason) -> String {
    let z = lang == Lang::Zh;
    match r {
        Reason::IncomeBelowStandard { per_capita, total, standard, members, amount } => {
            let sum = gap_sum(*standard, *per_capita, *total, *members);
            if z {
                format!(
                    "家庭人均月收入 {} 低于当地低保标准 {}，很可能符合。每月约 {} = {sum}。",
                    yuan(*per_capita),
                    yuan(*standard),
                    yuan(*amount)
                )
            } else {
                format!(
                    "Income per person {} a month is below the local standard {}: likely eligible; about {} a month = {sum}.",
                    yuan(*per_capita),
                    yuan(*standard),
                    yuan(*amount)
                )
            }
        }
        Reason::IncomeBelowButAssetsOver { per_capita, standard } => {
            if z {
                format!(
                    "家庭人均月收入 {} 低于当地低保标准 {}，但家庭财产超过低保的限额（见下），不太可能符合。",
                    yuan(*per_capita),
                    yuan(*standard)
                )
            } else {
                format!(
                    "Income per person {} a month is below the local standard {}, but household assets are over the 低保 limits (below): unlikely to qualify.",
                    yuan(*per_capita),
                    yuan(*standard)
                )
            }
        }
        Reason::IncomeAtOrAboveStandard { per_capita, standard, over_by } => {
            if z {
                format!(
                    "家庭人均月收入 {} 不低于当地低保标准 {}（高出 {}）。",
                    yuan(*per_capita),
                    yuan(*standard),
                    yuan(*over_by)
                )
            } else {
                format!(
                    "Income per person {} a month is not below the local standard {} ({} above).",
                    yuan(*per_capita),
                    yuan(*standard),
                    yuan(*over_by)
                )
            }
        }
        Reason::NearMiss { over_by } => {
            if z {
                format!("只比低保线高 {}：低保边缘家庭或临时救助可能适用。", yuan(*over_by))
            } else {
                format!(
                    "Only {} above the 低保 line: near-poverty status or temporary assistance may apply.",
                    yuan(*over_by)
                )
            }
        }
        Reason::AssetsOverLimit { savings, limit, months, members } => {
            if z {
                format!(
                    "家庭存款 {} 超过上限 {}（低保标准 × {months} 个月 × {members} 人；等于上限仍算符合）。",
                    yuan(*savings),
                    yuan(*limit)
                )
            } else {
                format!(
                    "Household savings {} are above the limit {} (standard × {months} months × {members}; exactly the limit still qualifies).",
                    yuan(*savings),
                    yuan(*limit)
                )
            }
        }
        Reason::OwnsVehicle => (if z {
            "家里有汽车，一般不符合条件。"
        } else {
            "The household owns a car, which usually rules it out."
        })
        .into(),
        Reason::OwnsExtraHousing => (if z {
            "除自住房外还有其他房产，一般不符合条件。"
        } else {
            "The household owns housing besides its home, which usually rules it out."
        })
        .into(),
        _ => String::new(),
    }
}

/// 低保边缘 and 单人户.
fn near_poor(lang: Lang, r: &Reason, h: &Household) -> String {
    let who = |i: &usize| person(lang, h, *i);
    let z = lang == Lang::Zh;
    match r {
        Reason::InNearPoorBand { per_capita, standard, upper, percent } => {
            if z {
                format!(
                    "人均月收入 {} 不低于低保标准 {}、低于它的 {percent}%（{}），很可能被认定为低保边缘家庭，可以申请医疗、教育等专项救助。",
                    yuan(*per_capita),
                    yuan(*standard),
                    yuan(*upper)
                )
            } else {
                format!(
                    "Income per person {} is at or above the standard {} and below {percent}% of it ({}): likely a near-poverty household, which opens medical, school and other specialised help.",
                    yuan(*per_capita),
                    yuan(*standard),
                    yuan(*upper)
                )
            }
        }
        Reason::BelowNearPoorBand => (if z {
            "收入低于低保标准，应先申请低保。"
        } else {
            "Income is below the 低保 standard: apply for 低保 instead."
        })
        .into(),
        Reason::AboveNearPoorBand { per_capita, upper } => {
            if z {
                format!("人均月收入 {} 不低于低保边缘上限 {}。", yuan(*per_capita), yuan(*upper))
            } else {
                format!(
                    "Income per person {} is not below the near-poverty limit {}.",
                    yuan(*per_capita),
                    yuan(*upper)
                )
            }
        }
        Reason::SinglePersonHousehold { member, own_income, standard, amount } => {
            if z {
                format!(
                    "{}有重度残疾或重病，可以单独作为一人申请低保（单人户）：本人收入 {} 低于标准 {}，每月约 {}。",
                    who(member),
                    yuan(*own_income),
                    yuan(*standard),
                    yuan(*amount)
                )
            } else {
                format!(
                    "{} has a severe disability or grave illness and may apply alone (single-person household): own income {} is below the standard {}; about {} a month.",
                    capital(&who(member)),
                    yuan(*own_income),
                    yuan(*standard),
                    yuan(*amount)
                )
            }
        }
        _ => String::new(),
    }
}

fn base_text(z: bool, basic: Fen, base: &TekunBase) -> String {
    match (z, base) {
        (true, TekunBase::Urban { standard, percent }) => {
            format!("{} = 城市低保标准 {} × {percent}%", yuan(basic), yuan(*standard))
        }
        (true, TekunBase::Rural { standard, percent }) => {
            format!("{} = 农村低保标准 {} × {percent}%", yuan(basic), yuan(*standard))
        }
        (true, TekunBase::Own) => format!("{}（本地单独确定）", yuan(basic)),
        (false, TekunBase::Urban { standard, percent }) => {
            format!("{} = {percent}% of the urban standard {}", yuan(basic), yuan(*standard))
        }
        (false, TekunBase::Rural { standard, percent }) => {
            format!("{} = {percent}% of the rural standard {}", yuan(basic), yuan(*standard))
        }
        (false, TekunBase::Own) => format!("{} (a local figure of its own)", yuan(basic)),
    }
}

fn supporter_text(z: bool, s: &SupporterState, who: &dyn Fn(&usize) -> String) -> String {
    match (z, s) {
        (true, SupporterState::AbleInHousehold { supporter }) => {
            format!("{}在法律上有供养义务且有能力供养", who(supporter))
        }
        (false, SupporterState::AbleInHousehold { supporter }) => {
            format!("{} is legally obliged and able to support them", who(supporter))
        }
        (true, SupporterState::AbleOutside) => "有不住在一起、有能力供养的法定义务人".into(),
        (false, SupporterState::AbleOutside) => {
            "someone living elsewhere is obliged and able to support them".into()
        }
        (true, SupporterState::Unclear { supporter }) => {
            format!("{}能否供养需要核实", who(supporter))
        }
        (false, SupporterState::Unclear { supporter }) => {
            format!("whether {} can support them must be checked", who(supporter))
        }
        (_, SupporterState::None) => String::new(),
    }
}

fn tekun(lang: Lang, r: &Reason, h: &Household) -> String {
    let who = |i: &usize| person(lang, h, *i);
    let z = lang == Lang::Zh;
    match r {
        Reason::TekunEligible { member, basic, base, care, self_care, income, not_counted, standard } => {
            let b = base_text(z, *basic, base);
            let care_text = match (z, self_care, care.is_zero()) {
                (true, SelfCare::Full, _) => "，能自理，不另加照料护理费".to_owned(),
                (true, _, _) => format!("，另加照料护理费 {}", yuan(*care)),
                (false, SelfCare::Full, _) => ", self-caring, so no care allowance".to_owned(),
                (false, _, _) => format!(", plus a care allowance of {}", yuan(*care)),
            };
            // As README (rules: 特困) says: "no income" is income below the 低保 standard, and
            // the residents' basic pension and the old-age allowance are not counted; wages,
            // a retirement pension and other income are.
            // The conditions read as one list; how the income was counted follows in sentences
            // of its own, naming only what there is.
            let none = income.is_zero() && not_counted.is_zero();
            let mut notes = String::new();
            if !income.is_zero() {
                notes += &if z {
                    format!("本人收入（工资、退休金等都算）{} 低于低保标准 {}，特困认定中算作没有收入。", yuan(*income), yuan(*standard))
                } else {
                    format!("Own income of {} (wages and a retirement pension count) is below the 低保 standard {}, which 特困 counts as no income. ", yuan(*income), yuan(*standard))
                };
            }
            if !not_counted.is_zero() {
                notes += &if z {
                    format!("不计入收入的城乡居民基本养老金或高龄津贴共 {}。", yuan(*not_counted))
                } else {
                    format!("{} of residents' basic pension or old-age allowance is not counted. ", yuan(*not_counted))
                };
            }
            if z {
                let income = if none { "没有收入" } else { "按特困的规定算作没有收入" };
                format!("{}没有劳动能力、{income}、财产在限额内、也没有能供养的法定义务人，条件都符合。{notes}基本生活标准 {b}{care_text}（纳入特困后不再重复享受低保）。", who(member))
            } else {
                let income = if none { "no income" } else { "no income as 特困 counts it" };
                format!("{} has no work capacity, {income}, assets within the limit and no legal supporter able to provide support: all conditions met. {notes}Basic standard {b}{care_text} (paid instead of 低保 for this person).", capital(&who(member)))
            }
        }
        Reason::TekunSupporterUnclear { member, supporter, amount } => if z {
            format!("{}其他条件都符合；{}年满 70 岁或重度残疾、本人收入不低于低保标准，是否算“无履行义务能力”要看是否低于当地上年人均可支配收入，需民政部门核实。如果认定，每月约 {}。", who(member), who(supporter), yuan(*amount))
        } else {
            format!("{} meets every other condition; {} is 70+ or severely disabled with own income at or above the standard, so whether they count as unable to support depends on last year's local per-capita disposable income, which the bureau checks. If so, about {} a month.", capital(&who(member)), who(supporter), yuan(*amount))
        },
        Reason::TekunStudent { member, age, from_age, amount } => if z {
            format!("{}{age} 岁，是在读学生，其他条件都符合。按《特困人员认定办法》，未满 {from_age} 岁时已纳入特困供养的，年满 {from_age} 岁后仍在接受义务教育或在普通高中、中等职业学校就读，可以继续享受（上大学的不在此列）。是否符合由民政部门核实；如果符合，每月约 {}。", who(member), yuan(*amount))
        } else {
            format!("{} is {age} and a student, and meets every other condition. Under the national 特困 rules, someone already covered as a minor who at {from_age} or older is still in compulsory education or at a senior high or secondary vocational school keeps it (university does not count). The bureau checks; if so, about {} a month.", capital(&who(member)), yuan(*amount))
        },
        Reason::TekunNotAll { member, age, no_work_capacity, no_income, income, standard, assets_ok, supporter } => {
            let mut missing = Vec::new();
            if !no_work_capacity {
                missing.push(if z {
                    format!("{age} 岁不属于无劳动能力：只有 60 岁以上、未满 16 岁（16、17 岁未靠自己劳动收入生活的也算），或持一至三级智力、精神残疾，一、二级肢体残疾，一级视力残疾证的人才算；自述不能工作或在读学生不算")
                } else {
                    format!("at {age} they do not count as unable to work: only people 60 or older, under 16 (or 16-17 not living on their own earnings), or holding a certificate of intellectual or mental disability grade 1-3, physical grade 1-2 or visual grade 1 do; saying one cannot work, or being a student, does not")
                });
            }
            if !no_income {
                missing.push(if z { format!("本人收入 {} 不低于低保标准 {}", yuan(*income), yuan(*standard)) } else { format!("own income {} is not below the standard {}", yuan(*income), yuan(*standard)) });
            }
            if !assets_ok {
                missing.push((if z { "家庭财产超过限额" } else { "household assets are over the limit" }).into());
            }
            let s = supporter_text(z, supporter, &who);
            if !s.is_empty() {
                missing.push(s);
            }
            if z { format!("{}暂不符合特困：{}。", who(member), missing.join("；")) } else { format!("{} does not qualify for 特困 for now: {}.", capital(&who(member)), missing.join("; ")) }
        }
        _ => (if z { "家里没有人符合特困的无劳动能力条件（60 岁以上、未成年或所列重度残疾）。" } else { "No one in the household meets the no-work-capacity condition (60+, a minor, or a listed severe disability)." }).into(),
    }
}

/// 临时救助.
fn temporary(lang: Lang, r: &Reason) -> String {
    let z = lang == Lang::Zh;
    match r {
        Reason::EmergencyHardship { emergency, standard, members, max_months } => {
            let what = match (z, emergency) {
                (true, Emergency::Fire) => "火灾或自然灾害",
                (true, Emergency::Accident) => "意外事故",
                (true, _) => "突发重病",
                (false, Emergency::Fire) => "a fire or disaster",
                (false, Emergency::Accident) => "an accident",
                (false, _) => "a sudden grave illness",
            };
            if z {
                format!(
                    "遇到{what}：如果基本生活因此陷入困境，可以申请急难型临时救助，一般按城市低保标准 {} × {} 人 × 1 到 {} 个月发放。",
                    yuan(*standard),
                    members,
                    max_months
                )
            } else {
                format!(
                    "After {what}: if it leaves basic living in hardship, emergency temporary assistance may apply, usually the urban standard {} × {} people × 1 to {} months.",
                    yuan(*standard),
                    members,
                    max_months
                )
            }
        }
        Reason::ExpenditureHardship { per_capita_after, expenses, standard, already_below } => {
            if z {
                let tail = if *already_below {
                    "收入本身已低于低保线，应先申请低保，临时救助可作补充。"
                } else {
                    "可以申请支出型临时救助。"
                };
                format!(
                    "扣除每月看病上学开支 {} 后，人均只剩 {}，低于低保标准 {}。{tail}",
                    yuan(*expenses),
                    yuan(*per_capita_after),
                    yuan(*standard)
                )
            } else {
                let tail = if *already_below {
                    "Income is already below the line: apply for 低保 first; temporary help may top it up."
                } else {
                    "Expenditure-driven temporary assistance may apply."
                };
                format!(
                    "After {} a month of medical and school costs, {} per person is left, below the standard {}. {tail}",
                    yuan(*expenses),
                    yuan(*per_capita_after),
                    yuan(*standard)
                )
            }
        }
        Reason::ExpensesNotEnough { per_capita_after, standard } => {
            if z {
                format!(
                    "扣除大额开支后人均仍有 {}，不低于低保标准 {}。",
                    yuan(*per_capita_after),
                    yuan(*standard)
                )
            } else {
                format!(
                    "After the large costs, {} per person remains, not below the standard {}.",
                    yuan(*per_capita_after),
                    yuan(*standard)
                )
            }
        }
        Reason::TempMeans { per_capita, upper, percent, income_high, assets_over, after_costs } => {
            let income = match (z, after_costs) {
                (true, true) => format!("扣除开支后人均月收入 {}", yuan(*per_capita)),
                (true, false) => format!("人均月收入 {}", yuan(*per_capita)),
                (false, true) => {
                    format!("income per person after the costs, {},", yuan(*per_capita))
                }
                (false, false) => format!("income per person, {},", yuan(*per_capita)),
            };
            match (z, income_high, assets_over) {
                (true, true, true) => format!(
                    "{income}不低于低保标准的 {percent}%（{}），家庭财产也超过低保的限额：一般不算基本生活陷入困境，不太可能获得临时救助。",
                    yuan(*upper)
                ),
                (true, true, false) => format!(
                    "{income}不低于低保标准的 {percent}%（{}）：能否获得救助，要看这次困难是否让基本生活陷入困境，由民政部门核实。",
                    yuan(*upper)
                ),
                (true, false, _) => "家庭财产超过低保的限额：能否获得救助，要看这次困难或开支是否让基本生活陷入困境、超出家庭承受能力，由民政部门核实。".to_owned(),
                (false, true, true) => format!(
                    "With {income} not below {percent}% of the standard ({}) and assets over the 低保 limits, basic living is usually not in hardship: temporary assistance is unlikely.",
                    yuan(*upper)
                ),
                (false, true, false) => format!(
                    "With {income} not below {percent}% of the standard ({}), it depends on whether this hardship leaves basic living in difficulty, which the bureau checks.",
                    yuan(*upper)
                ),
                (false, false, _) => "Household assets are over the 低保 limits: it depends on whether this hardship or these costs leave basic living in difficulty, beyond what the household can bear, which the bureau checks.".to_owned(),
            }
        }
        Reason::TempMeansUnchecked { param, date } => {
            let what = super::labels::param_label(lang, *param);
            if z {
                format!(
                    "本地区在 {date} 没有正在执行的“{what}”，无法核对收入和财产：能否获得救助，要看基本生活是否陷入困境，由民政部门核实。"
                )
            } else {
                format!(
                    "This area has no {what} in force on {date}, so income and assets could not be checked: it depends on whether basic living is in hardship, which the bureau checks."
                )
            }
        }
        Reason::NoHardship => (if z {
            "没有填写突发困难或大额必需开支。"
        } else {
            "No sudden hardship or large unavoidable costs were given."
        })
        .into(),
        _ => String::new(),
    }
}

/// The two disability subsidies.
fn disability(lang: Lang, r: &Reason, h: &Household) -> String {
    let who = |i: &usize| person(lang, h, *i);
    let z = lang == Lang::Zh;
    match r {
        Reason::DisabledInDibaoHousehold { member, monthly } => {
            if z {
                format!(
                    "{}是低保家庭中的残疾人，可领生活补贴每月 {}。",
                    who(member),
                    yuan(*monthly)
                )
            } else {
                format!(
                    "{} is a disabled member of a 低保 household: living subsidy {} a month.",
                    capital(&who(member)),
                    yuan(*monthly)
                )
            }
        }
        Reason::DisabledNearPoor { member, monthly } => {
            if z {
                format!(
                    "{}有残疾；家庭可能被认定为低保（单人户）或低保边缘，不少地方对此也发放生活补贴（每月 {}）。",
                    who(member),
                    yuan(*monthly)
                )
            } else {
                format!(
                    "{} is disabled; the household may qualify as 低保 (single person) or near-poor, and many places pay the living subsidy then too ({} a month).",
                    capital(&who(member)),
                    yuan(*monthly)
                )
            }
        }
        Reason::DisabledNotInDibao { member } => {
            if z {
                format!(
                    "{}有残疾，但生活补贴发给低保（或低保边缘）家庭中的残疾人；按您的回答，家庭不在这个范围内。",
                    who(member)
                )
            } else {
                format!(
                    "{} is disabled, but the living subsidy is for disabled people in 低保 (or near-poor) households; from your answers, the household is not.",
                    capital(&who(member))
                )
            }
        }
        Reason::NoDisabledMember => (if z {
            "家里没有持残疾人证的成员。"
        } else {
            "No one in the household holds a disability certificate."
        })
        .into(),
        Reason::SevereDisabilityCare { member, grade, monthly } => {
            if z {
                format!(
                    "{}是 {} 级残疾且需要他人照护，可领护理补贴每月 {}。",
                    who(member),
                    grade,
                    yuan(*monthly)
                )
            } else {
                format!(
                    "{} has a grade {} disability and needs care: nursing subsidy {} a month.",
                    capital(&who(member)),
                    grade,
                    yuan(*monthly)
                )
            }
        }
        Reason::SevereDisabilityNoCareNeed { member } => {
            if z {
                format!("{}是一、二级残疾，但填写的是能自理。", who(member))
            } else {
                format!(
                    "{} has a grade 1-2 disability but can look after themselves, from your answers.",
                    capital(&who(member))
                )
            }
        }
        Reason::NoSevereDisability => (if z {
            "护理补贴发给一、二级残疾且需要他人照护的人。"
        } else {
            "The nursing subsidy is for grade 1-2 disability needing care."
        })
        .into(),
        _ => String::new(),
    }
}

/// The old-age and children's allowances.
fn family(lang: Lang, r: &Reason, h: &Household) -> String {
    let who = |i: &usize| person(lang, h, *i);
    let z = lang == Lang::Zh;
    match r {
        Reason::OldAgeBand { member, age, monthly } => {
            if z {
                format!("{} {} 岁，可领每月 {}。", who(member), age, yuan(*monthly))
            } else {
                format!("{} is {}: {} a month.", capital(&who(member)), age, yuan(*monthly))
            }
        }
        Reason::NoOneInAgeBand { min_age } => {
            if z {
                format!("本地从 {min_age} 岁起发放，家里还没有人到这个年龄。")
            } else {
                format!("Paid here from age {min_age}; no one in the household has reached it.")
            }
        }
        Reason::ChildAllowance { member, status, monthly } => {
            let what = match (z, status) {
                (true, ChildStatus::Orphan) => "孤儿",
                (true, _) => "事实无人抚养儿童",
                (false, ChildStatus::Orphan) => "an orphan",
                (false, _) => "a child without a de-facto carer",
            };
            if z {
                format!("{}是{what}，可领基本生活费每月 {}。", who(member), yuan(*monthly))
            } else {
                format!(
                    "{} is {what}: basic living allowance {} a month.",
                    capital(&who(member)),
                    yuan(*monthly)
                )
            }
        }
        _ => (if z {
            "家里没有孤儿或事实无人抚养的儿童。"
        } else {
            "No orphan or child without a de-facto carer in the household."
        })
        .into(),
    }
}
