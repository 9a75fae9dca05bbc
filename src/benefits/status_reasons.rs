//! The sentences for programmes that follow from a low-income status: 医疗救助, 困境儿童 and
//! the allowance for poor elders who are very old or need care.

use super::labels::{capital, person, yuan};
use crate::ui::i18n::Lang;
use portal_api::benefits::{Household, Reason, Standing};

fn status(z: bool, s: Standing) -> &'static str {
    match (z, s) {
        (true, Standing::Core) => "低保或特困",
        (true, Standing::NearPoor) => "低保边缘",
        (false, Standing::Core) => "低保 or 特困",
        (false, Standing::NearPoor) => "near-poor (低保边缘)",
    }
}

pub fn reason(lang: Lang, r: &Reason, h: &Household) -> String {
    let z = lang == Lang::Zh;
    let who = |i: &usize| person(lang, h, *i);
    match r {
        Reason::MedicalShare { costs, percent, cap, amount, capped, standing } => {
            let s = status(z, *standing);
            match (z, capped) {
                (true, false) => format!(
                    "按{s}家庭的比例，医保报销后自付的 {} 可救助 {percent}%：约 {}（每年最多 {}）。",
                    yuan(*costs),
                    yuan(*amount),
                    yuan(*cap)
                ),
                (true, true) => format!(
                    "按{s}家庭的比例，自付的 {} 的 {percent}% 超过每年最多 {}，按上限估算。",
                    yuan(*costs),
                    yuan(*cap)
                ),
                (false, false) => format!(
                    "As a {s} household, {percent}% of the {} you paid after insurance: about {} (at most {} a year).",
                    yuan(*costs),
                    yuan(*amount),
                    yuan(*cap)
                ),
                (false, true) => format!(
                    "As a {s} household, {percent}% of the {} you paid would be over the yearly cap of {}, so the cap is shown.",
                    yuan(*costs),
                    yuan(*cap)
                ),
            }
        }
        Reason::MedicalNoCosts { percent, cap, standing } => {
            let s = status(z, *standing);
            if z {
                format!(
                    "{s}家庭看病，医保报销后自己付的部分可以再救助 {percent}%，每年最多 {}。填写一年的自付医药费可以估算金额。",
                    yuan(*cap)
                )
            } else {
                format!(
                    "For a {s} household, {percent}% of what you pay after insurance, up to {} a year. Enter a year's costs to see an estimate.",
                    yuan(*cap)
                )
            }
        }
        Reason::MedicalNeedsStatus => (if z {
            "医疗救助面向低保、特困和低保边缘家庭；按您的回答，家里暂时不属于这些家庭。看病花费太大的，可以问问支出型临时救助。"
        } else {
            "Medical assistance is for 低保, 特困 and near-poor households; from your answers, yours is not one. If medical costs are crushing, ask about temporary assistance."
        })
        .into(),
        Reason::ChildHardship { member, monthly, standing } => {
            let s = status(z, *standing);
            if z {
                format!(
                    "{}未满 18 岁，有重度残疾或重病，家庭属于{s}：可领困境儿童基本生活补贴每月 {}。",
                    who(member),
                    yuan(*monthly)
                )
            } else {
                format!(
                    "{} is under 18 with a severe disability or grave illness in a {s} household: {} a month.",
                    capital(&who(member)),
                    yuan(*monthly)
                )
            }
        }
        Reason::ChildHardshipInTekun { member } => {
            if z {
                format!("{}很可能纳入特困供养，基本生活已由特困保障，不再另领这项补贴。", who(member))
            } else {
                format!(
                    "{} is likely 特困, which covers their basic living instead.",
                    capital(&who(member))
                )
            }
        }
        Reason::ChildHardshipNeedsLowIncome { member } => {
            if z {
                format!(
                    "{}有重度残疾或重病，但这项补贴发给低保、特困或低保边缘家庭的孩子；按您的回答，家庭不在这个范围内。",
                    who(member)
                )
            } else {
                format!(
                    "{} has a severe disability or grave illness, but the subsidy is for children in 低保, 特困 or near-poor households; from your answers, yours is not.",
                    capital(&who(member))
                )
            }
        }
        Reason::NoChildInHardship => (if z {
            "困境儿童补贴发给有重度残疾或重病、又不是孤儿或事实无人抚养的孩子；家里没有这样的孩子。"
        } else {
            "This subsidy is for children with a severe disability or grave illness who are not orphans or without carers; there is no such child in the household."
        })
        .into(),
        Reason::ElderCare { member, age, aged, disabled, monthly, standing } => {
            let s = status(z, *standing);
            let why = match (z, aged, disabled) {
                (true, true, true) => "高龄且生活不能完全自理（取较高的一项）",
                (true, true, false) => "高龄",
                (true, false, _) => "生活不能完全自理",
                (false, true, true) => "very old and needs care (the larger amount)",
                (false, true, false) => "very old",
                (false, false, _) => "needs care",
            };
            if z {
                format!("{} {age} 岁，{why}，家庭属于{s}：每月 {}。", who(member), yuan(*monthly))
            } else {
                format!(
                    "{} is {age}, {why}, in a {s} household: {} a month.",
                    capital(&who(member)),
                    yuan(*monthly)
                )
            }
        }
        Reason::ElderNotYet { member, age, min_age } => {
            if z {
                format!(
                    "{} {age} 岁，能自理；本地从 {min_age} 岁起发放，或不能自理时发放。",
                    who(member)
                )
            } else {
                format!(
                    "{} is {age} and looks after themselves; paid here from age {min_age}, or when care is needed.",
                    capital(&who(member))
                )
            }
        }
        Reason::ElderNeedsLowIncome { member } => {
            if z {
                format!(
                    "{}年纪大或需要照护，但这项补贴发给经济困难（低保、特困、低保边缘）家庭的老人；按您的回答，家庭不在这个范围内。",
                    who(member)
                )
            } else {
                format!(
                    "{} is very old or needs care, but this allowance is for elders in 低保, 特困 or near-poor households; from your answers, yours is not.",
                    capital(&who(member))
                )
            }
        }
        _ => (if z {
            "这项补贴发给经济困难家庭中高龄或不能自理的老人；家里没有 60 岁以上的人。"
        } else {
            "This allowance is for very old or dependent elders in poor households; no one in the household is 60 or over."
        })
        .into(),
    }
}
