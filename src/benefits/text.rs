//! Words for the self-assessment, in both languages: the wizard's questions and the sentences
//! that explain each result with its numbers. Kept out of the components; a field missing in
//! one language is a compile error.

use crate::ui::i18n::Lang;
use portal_api::benefits::wizard::AmountError;
use portal_api::benefits::{
    AssessError, ChildStatus, DisabilityKind, Eligibility, Emergency, Estimate, Field, Household,
    Period, Programme, Reason, Relation,
};

pub struct BMsgs {
    pub intro: &'static str,
    pub privacy: &'static str,
    pub estimate_note: &'static str,
    pub start: &'static str,
    pub resume: &'static str,
    pub clear: &'static str,
    pub cleared: &'static str,
    pub step_of: &'static str,
    pub back: &'static str,
    pub continue_: &'static str,
    pub fix_errors: &'static str,
    pub q_region: &'static str,
    pub region_label: &'static str,
    pub hukou_label: &'static str,
    pub urban: &'static str,
    pub rural: &'static str,
    pub q_members: &'static str,
    pub members_hint: &'static str,
    pub fewer: &'static str,
    pub more: &'static str,
    pub people: &'static str,
    pub q_person: &'static str,
    pub relation: &'static str,
    pub age: &'static str,
    pub age_hint: &'static str,
    pub has_disability: &'static str,
    pub disability_kind: &'static str,
    pub disability_grade: &'static str,
    pub grade_n: &'static str,
    pub grave_illness: &'static str,
    pub needs_care: &'static str,
    pub can_work: &'static str,
    pub student: &'static str,
    pub own_earnings: &'static str,
    pub child_status: &'static str,
    pub child_none: &'static str,
    pub child_orphan: &'static str,
    pub child_defacto: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub q_income: &'static str,
    pub income_hint: &'static str,
    pub wages: &'static str,
    pub pension: &'static str,
    pub old_age_allowance: &'static str,
    pub other_income: &'static str,
    pub per_month: &'static str,
    pub q_assets: &'static str,
    pub savings: &'static str,
    pub savings_hint: &'static str,
    pub owns_car: &'static str,
    pub owns_car_hint: &'static str,
    pub extra_housing: &'static str,
    pub q_costs: &'static str,
    pub costs_hint: &'static str,
    pub medical: &'static str,
    pub education: &'static str,
    pub q_emergency: &'static str,
    pub emergency_none: &'static str,
    pub emergency_accident: &'static str,
    pub emergency_fire: &'static str,
    pub emergency_illness: &'static str,
    pub q_supporter: &'static str,
    pub supporter_hint: &'static str,
    pub q_check: &'static str,
    pub change: &'static str,
    pub see_results: &'static str,
    pub results_title: &'static str,
    pub results_for: &'static str,
    pub likely_title: &'static str,
    pub others_title: &'static str,
    pub none_likely: &'static str,
    pub why: &'static str,
    pub bring: &'static str,
    pub where_apply: &'static str,
    pub example_figures: &'static str,
    pub print: &'static str,
    pub edit_answers: &'static str,
    pub next_title: &'static str,
    pub link_booking: &'static str,
    pub link_charities: &'static str,
    pub link_volunteering: &'static str,
    pub err_required: &'static str,
    pub err_age: &'static str,
    pub err_not_number: &'static str,
    pub err_negative: &'static str,
    pub err_too_large: &'static str,
    pub err_choose_region: &'static str,
    pub err_no_policy: &'static str,
    pub err_assess: &'static str,
    pub go_fix: &'static str,
    pub start_over: &'static str,
}

pub static ZH: BMsgs = BMsgs {
    intro: "回答几个关于家庭的问题，看看可能申请哪些社会救助和补贴、大概多少钱、为什么、下一步去哪里办。",
    privacy: "您的回答只保存在这部手机上，不会发送给任何人，也不需要登录。",
    estimate_note: "这是估算，不是审批结果。能否享受、金额多少，以民政部门审核为准。",
    start: "开始自测",
    resume: "继续上次的自测",
    clear: "清除我的回答",
    cleared: "已清除这部手机上保存的回答。",
    step_of: "第 {n} 步，共 {total} 步",
    back: "上一步",
    continue_: "继续",
    fix_errors: "请先改正下面标出的问题：",
    q_region: "您家的户口在哪里？",
    region_label: "所在地区",
    hukou_label: "户口类型",
    urban: "城镇户口",
    rural: "农村户口",
    q_members: "家里一起生活的有几个人（包括您自己）？",
    members_hint: "共同生活、经济上在一起的家庭成员都算。",
    fewer: "减少一人",
    more: "增加一人",
    people: "人",
    q_person: "关于{who}",
    relation: "和您的关系",
    age: "年龄（周岁）",
    age_hint: "按身份证上的出生日期算到今天。",
    has_disability: "有残疾人证",
    disability_kind: "残疾类别",
    disability_grade: "残疾等级",
    grade_n: "{n} 级",
    grave_illness: "患有重病（如癌症、尿毒症等需要长期治疗的疾病）",
    needs_care: "生活不能自理，或已需要他人照护 6 个月以上",
    can_work: "有劳动能力，能够工作",
    student: "在校读书",
    own_earnings: "已经靠自己的劳动收入生活",
    child_status: "孩子的抚养情况",
    child_none: "有父母抚养",
    child_orphan: "孤儿（父母双亡或被宣告失踪）",
    child_defacto: "事实无人抚养（父母重残、服刑、失联等）",
    yes: "是",
    no: "否",
    q_income: "{who}每月有多少收入？",
    income_hint: "没有的填 0 或留空。按最近 12 个月的平均数填写。",
    wages: "工资、务工和经营收入",
    pension: "养老金（退休金）",
    old_age_allowance: "已领的高龄津贴",
    other_income: "其他收入（租金、赡养费、利息等）",
    per_month: "元/月",
    q_assets: "家里有哪些存款和财产？",
    savings: "全家存款、现金和理财合计",
    savings_hint: "单位：元。",
    owns_car: "家里有汽车",
    owns_car_hint: "残疾人代步车不算。",
    extra_housing: "除了自住的房子，还有其他房产",
    q_costs: "每月有哪些躲不开的大额开支？",
    costs_hint: "自己承担的部分，按最近 12 个月平均到每月。没有的填 0。",
    medical: "看病吃药（医保报销后自付）",
    education: "孩子上学（学费、住宿费）",
    q_emergency: "最近是否遇到突发困难？",
    emergency_none: "没有",
    emergency_accident: "交通事故或其他意外",
    emergency_fire: "火灾、自然灾害",
    emergency_illness: "突发重病",
    q_supporter: "有没有人在法律上有义务、而且有能力供养家里的老人、残疾人或孩子？",
    supporter_hint: "比如有收入的配偶、成年子女或父母，不论是否住在一起。",
    q_check: "请核对您的回答",
    change: "修改",
    see_results: "查看结果",
    results_title: "自测结果",
    results_for: "{region} · {date} 的标准",
    likely_title: "您家可能可以申请",
    others_title: "其他项目",
    none_likely: "按您的回答，暂时没有明显符合的项目。情况有变化时可以再测一次，也可以直接到街道（乡镇）社区事务受理服务中心咨询。",
    why: "为什么",
    bring: "需要准备",
    where_apply: "到哪里申请",
    example_figures: "示例数据：本地区部分标准没有找到可引用的官方来源，金额仅作演示。",
    print: "打印结果",
    edit_answers: "修改回答",
    next_title: "还可以",
    link_booking: "预约婚姻登记",
    link_charities: "查找慈善帮助",
    link_volunteering: "找志愿服务",
    err_required: "请填写这一项。",
    err_age: "请填写 0 到 120 之间的整数年龄。",
    err_not_number: "请只填写数字，比如 1200。",
    err_negative: "金额不能是负数。",
    err_too_large: "这个数字太大了，请检查是否多输了几个 0。",
    err_choose_region: "请选择所在地区。",
    err_no_policy: "没有找到这个地区的政策标准，请重新选择地区。",
    err_assess: "有一项回答需要改正：",
    go_fix: "去修改",
    start_over: "重新开始",
};

pub static EN: BMsgs = BMsgs {
    intro: "Answer a few questions about your household to see which assistance and allowances you may get, roughly how much, why, and where to apply.",
    privacy: "Your answers stay on this phone. Nothing is sent to anyone, and you do not need to sign in.",
    estimate_note: "This is an estimate, not a decision. The civil-affairs bureau decides whether you qualify and how much.",
    start: "Start the self-check",
    resume: "Continue where you left off",
    clear: "Clear my answers",
    cleared: "The answers saved on this phone have been cleared.",
    step_of: "Step {n} of {total}",
    back: "Back",
    continue_: "Continue",
    fix_errors: "Please correct the problems marked below:",
    q_region: "Where is your household registered?",
    region_label: "Area",
    hukou_label: "Registration type",
    urban: "Urban (城镇)",
    rural: "Rural (农村)",
    q_members: "How many people live in your household, including you?",
    members_hint: "Count everyone who lives with you and shares household money.",
    fewer: "One fewer",
    more: "One more",
    people: "people",
    q_person: "About {who}",
    relation: "Relationship to you",
    age: "Age (full years)",
    age_hint: "From the date of birth on the ID card to today.",
    has_disability: "Holds a disability certificate",
    disability_kind: "Kind of disability",
    disability_grade: "Disability grade",
    grade_n: "Grade {n}",
    grave_illness: "Has a grave illness (such as cancer or kidney failure needing long treatment)",
    needs_care: "Cannot look after themselves, or has needed care for 6 months or more",
    can_work: "Able to work",
    student: "In full-time education",
    own_earnings: "Already lives on their own earnings",
    child_status: "Who looks after this child",
    child_none: "Their parents",
    child_orphan: "Orphan (both parents dead or declared missing)",
    child_defacto: "No de-facto carer (parents severely disabled, in prison, missing…)",
    yes: "Yes",
    no: "No",
    q_income: "How much income does {who} have a month?",
    income_hint: "Enter 0 or leave blank for none. Use the average of the last 12 months.",
    wages: "Wages, casual work and business income",
    pension: "Pension",
    old_age_allowance: "Old-age allowance already received",
    other_income: "Other income (rent, maintenance, interest…)",
    per_month: "yuan/month",
    q_assets: "What savings and property does the household have?",
    savings: "Total savings, cash and investments of the household",
    savings_hint: "In yuan.",
    owns_car: "The household owns a car",
    owns_car_hint: "A disabled person's mobility vehicle does not count.",
    extra_housing: "Owns housing besides the home you live in",
    q_costs: "Which large costs can you not avoid each month?",
    costs_hint: "The part you pay yourself, averaged per month over the last 12 months. Enter 0 for none.",
    medical: "Medical costs (after insurance)",
    education: "School costs (fees, boarding)",
    q_emergency: "Have you recently faced a sudden hardship?",
    emergency_none: "No",
    emergency_accident: "A traffic or other accident",
    emergency_fire: "A fire or natural disaster",
    emergency_illness: "A sudden grave illness",
    q_supporter: "Is there anyone legally obliged and able to support the elderly, disabled or children in your household?",
    supporter_hint: "For example a spouse, adult child or parent with an income, whether or not they live with you.",
    q_check: "Check your answers",
    change: "Change",
    see_results: "See results",
    results_title: "Your results",
    results_for: "{region} · standards in force on {date}",
    likely_title: "You may be able to apply for",
    others_title: "Other programmes",
    none_likely: "From your answers, nothing clearly applies for now. Try again if things change, or ask at your street (township) community service centre.",
    why: "Why",
    bring: "What to bring",
    where_apply: "Where to apply",
    example_figures: "Example figures: some of this area's standards have no citable official source yet; the amount is for demonstration only.",
    print: "Print results",
    edit_answers: "Change answers",
    next_title: "You can also",
    link_booking: "Book a marriage registration",
    link_charities: "Find charity help",
    link_volunteering: "Find volunteer services",
    err_required: "Please answer this.",
    err_age: "Enter an age in whole years from 0 to 120.",
    err_not_number: "Enter digits only, for example 1200.",
    err_negative: "An amount cannot be negative.",
    err_too_large: "That number is too large. Please check for extra zeros.",
    err_choose_region: "Please choose your area.",
    err_no_policy: "We have no standards for this area. Please choose the area again.",
    err_assess: "One answer needs correcting:",
    go_fix: "Correct it",
    start_over: "Start again",
};

pub fn bm(lang: Lang) -> &'static BMsgs {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

fn zh(lang: Lang) -> bool {
    lang == Lang::Zh
}

/// ¥1,510 or ¥16.67: whole yuan unless there are cents.
pub fn yuan(v: f64) -> String {
    let cents = (v * 100.0).round() as i64;
    let whole = cents / 100;
    let digits = whole.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if cents < 0 { "-" } else { "" };
    if cents % 100 == 0 {
        format!("¥{sign}{grouped}")
    } else {
        format!("¥{sign}{grouped}.{:02}", (cents % 100).abs())
    }
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
    };
    if zh(lang) { z } else { e }
}

pub fn eligibility_label(lang: Lang, e: Eligibility) -> &'static str {
    let (z, en) = match e {
        Eligibility::Likely => ("很可能符合", "Likely"),
        Eligibility::Maybe => ("可能符合，需核实", "Maybe: to be checked"),
        Eligibility::Unlikely => ("不太符合", "Unlikely"),
    };
    if zh(lang) { z } else { en }
}

pub fn amount_text(lang: Lang, e: &Estimate) -> String {
    let range = if (e.max - e.min).abs() < 0.005 {
        yuan(e.min)
    } else {
        format!("{}–{}", yuan(e.min), yuan(e.max))
    };
    match (lang, e.period) {
        (Lang::Zh, Period::Monthly) => format!("约 {range} / 月"),
        (Lang::Zh, Period::OneOff) => format!("一次性约 {range}"),
        (Lang::En, Period::Monthly) => format!("about {range} a month"),
        (Lang::En, Period::OneOff) => format!("about {range}, one-off"),
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
    };
    if zh(lang) { z } else { e }
}

pub fn where_apply(lang: Lang, p: Programme) -> &'static str {
    let (z, e) = match p {
        Programme::DisabilityLiving | Programme::DisabilityCare => (
            "户籍所在地街道（乡镇）社区事务受理服务中心，或通过残联办理。",
            "The community service centre of your street (township), or through the Disabled Persons' Federation.",
        ),
        Programme::OldAge => (
            "户籍所在地居（村）委会或街道（乡镇）社区事务受理服务中心。",
            "Your residents' (village) committee or the street (township) community service centre.",
        ),
        _ => (
            "户籍所在地或居住地街道（乡镇）社区事务受理服务中心（一门受理）。",
            "The community service centre of the street (township) where you are registered or live: one window for all assistance.",
        ),
    };
    if zh(lang) { z } else { e }
}

fn since(lang: Lang, c: &portal_api::benefits::Cited) -> String {
    if zh(lang) {
        format!("（{} 起执行）", c.from)
    } else {
        format!(" (in force from {})", c.from)
    }
}

/// One step of reasoning as a sentence with its numbers.
pub fn reason(lang: Lang, r: &Reason, h: &Household) -> String {
    let who = |i: &usize| person(lang, h, *i);
    let z = zh(lang);
    match r {
        Reason::IncomeBelowStandard { per_capita, standard, members, amount } => if z {
            format!("家庭人均月收入 {} 低于当地低保标准 {}{}，很可能符合。每月约 {} = ({} − {}) × {} 人。", yuan(*per_capita), yuan(standard.value), since(lang, standard), yuan(*amount), yuan(standard.value), yuan(*per_capita), members)
        } else {
            format!("Income per person {} a month is below the local standard {}{}: likely eligible; about {} a month = ({} − {}) × {}.", yuan(*per_capita), yuan(standard.value), since(lang, standard), yuan(*amount), yuan(standard.value), yuan(*per_capita), members)
        },
        Reason::IncomeAtOrAboveStandard { per_capita, standard, over_by } => if z {
            format!("家庭人均月收入 {} 不低于当地低保标准 {}{}，高出 {}。", yuan(*per_capita), yuan(standard.value), since(lang, standard), yuan(*over_by))
        } else {
            format!("Income per person {} a month is not below the local standard {}{}; it is {} above.", yuan(*per_capita), yuan(standard.value), since(lang, standard), yuan(*over_by))
        },
        Reason::NearMiss { over_by } => if z {
            format!("只比低保线高 {}：低保边缘家庭或临时救助可能适用。", yuan(*over_by))
        } else {
            format!("Only {} above the 低保 line: near-poverty status or temporary assistance may apply.", yuan(*over_by))
        },
        Reason::AssetsOverLimit { per_capita_savings, limit } => if z {
            format!("人均存款 {} 超过当地上限 {}。", yuan(*per_capita_savings), yuan(*limit))
        } else {
            format!("Savings per person {} are above the local limit {}.", yuan(*per_capita_savings), yuan(*limit))
        },
        Reason::OwnsVehicle => (if z { "家里有汽车，一般不符合条件。" } else { "The household owns a car, which usually rules it out." }).into(),
        Reason::OwnsExtraHousing => (if z { "除自住房外还有其他房产，一般不符合条件。" } else { "The household owns housing besides its home, which usually rules it out." }).into(),
        Reason::InNearPoorBand { per_capita, standard, upper, factor } => if z {
            format!("人均月收入 {} 在低保标准 {} 和它的 {} 倍 {} 之间，很可能被认定为低保边缘家庭，可以申请医疗、教育等专项救助。", yuan(*per_capita), yuan(standard.value), factor, yuan(*upper))
        } else {
            format!("Income per person {} is between the standard {} and {} times it ({}): likely a near-poverty household, which opens medical, school and other specialised help.", yuan(*per_capita), yuan(standard.value), factor, yuan(*upper))
        },
        Reason::BelowNearPoorBand => (if z { "收入低于低保标准，应先申请低保。" } else { "Income is below the 低保 standard: apply for 低保 instead." }).into(),
        Reason::AboveNearPoorBand { per_capita, upper } => if z {
            format!("人均月收入 {} 不低于低保边缘上限 {}。", yuan(*per_capita), yuan(*upper))
        } else {
            format!("Income per person {} is not below the near-poverty limit {}.", yuan(*per_capita), yuan(*upper))
        },
        Reason::SinglePersonHousehold { member, own_income, standard, amount } => if z {
            format!("{}有重度残疾或重病，可以单独作为一人申请低保（单人户）：本人收入 {} 低于标准 {}，每月约 {}。", who(member), yuan(*own_income), yuan(*standard), yuan(*amount))
        } else {
            format!("{} has a severe disability or grave illness and may apply alone (single-person household): own income {} is below the standard {}; about {} a month.", capital(&who(member)), yuan(*own_income), yuan(*standard), yuan(*amount))
        },
        Reason::TekunEligible { member, basic, factor, standard, care } => if z {
            let care_text = if *care > 0.0 { format!("，另加照料护理费 {}", yuan(*care)) } else { String::new() };
            format!("{}没有劳动能力、没有收入、也没有能供养的人，三个条件都符合。基本生活标准 {} = 低保标准 {} × {}{}（纳入特困后不再重复享受低保）。", who(member), yuan(*basic), yuan(*standard), factor, care_text)
        } else {
            let care_text = if *care > 0.0 { format!(", plus a care allowance of {}", yuan(*care)) } else { String::new() };
            format!("{} has no work capacity, no income and no one able to support them: all three conditions. Basic standard {} = {} × {}{} (paid instead of 低保 for this person).", capital(&who(member)), yuan(*basic), yuan(*standard), factor, care_text)
        },
        Reason::TekunWorkCapacityUnclear { member, amount } => if z {
            format!("{}没有收入、也没有能供养的人；是否丧失劳动能力需要民政部门鉴定。如果认定，每月约 {}。", who(member), yuan(*amount))
        } else {
            format!("{} has no income and no one able to support them; whether they cannot work is for the bureau to assess. If so, about {} a month.", capital(&who(member)), yuan(*amount))
        },
        Reason::TekunNotAll { member, no_work_capacity, no_income, no_supporter } => {
            let mut missing = Vec::new();
            if !no_work_capacity { missing.push(if z { "有劳动能力" } else { "able to work" }); }
            if !no_income { missing.push(if z { "有收入" } else { "has an income" }); }
            if !no_supporter { missing.push(if z { "有人能供养" } else { "has someone able to support them" }); }
            if z { format!("{}不符合特困的全部三个条件：{}。", who(member), missing.join("、")) } else { format!("{} does not meet all three conditions: {}.", capital(&who(member)), missing.join(", ")) }
        }
        Reason::NobodyTekun => (if z { "家里没有人同时符合“无劳动能力、无收入、无人供养”三个条件。" } else { "No one in the household meets all three conditions: no work capacity, no income, no one able to support them." }).into(),
        Reason::EmergencyHardship { emergency, standard, members, max_months } => {
            let what = match (z, emergency) {
                (true, Emergency::Fire) => "火灾或自然灾害",
                (true, Emergency::Accident) => "意外事故",
                (true, _) => "突发重病",
                (false, Emergency::Fire) => "a fire or disaster",
                (false, Emergency::Accident) => "an accident",
                (false, _) => "a sudden grave illness",
            };
            if z { format!("因{what}陷入临时困难，可以申请急难型临时救助，一般按城市低保标准 {} × {} 人 × 1 到 {} 个月发放。", yuan(*standard), members, max_months) }
            else { format!("Hardship from {what}: emergency temporary assistance, usually the urban standard {} × {} people × 1 to {} months.", yuan(*standard), members, max_months) }
        }
        Reason::ExpenditureHardship { per_capita_after, expenses, standard, already_below } => if z {
            let tail = if *already_below { "收入本身已低于低保线，应先申请低保，临时救助可作补充。" } else { "可以申请支出型临时救助。" };
            format!("扣除每月看病上学开支 {} 后，人均只剩 {}，低于低保标准 {}。{tail}", yuan(*expenses), yuan(*per_capita_after), yuan(*standard))
        } else {
            let tail = if *already_below { "Income is already below the line: apply for 低保 first; temporary help may top it up." } else { "Expenditure-driven temporary assistance may apply." };
            format!("After {} a month of medical and school costs, {} per person is left, below the standard {}. {tail}", yuan(*expenses), yuan(*per_capita_after), yuan(*standard))
        },
        Reason::ExpensesNotEnough { per_capita_after, standard } => if z {
            format!("扣除大额开支后人均仍有 {}，不低于低保标准 {}。", yuan(*per_capita_after), yuan(*standard))
        } else {
            format!("After the large costs, {} per person remains, not below the standard {}.", yuan(*per_capita_after), yuan(*standard))
        },
        Reason::NoHardship => (if z { "没有填写突发困难或大额必需开支。" } else { "No sudden hardship or large unavoidable costs were given." }).into(),
        Reason::DisabledInDibaoHousehold { member, monthly } => if z {
            format!("{}是低保家庭中的残疾人，可领生活补贴每月 {}。", who(member), yuan(*monthly))
        } else {
            format!("{} is a disabled member of a 低保 household: living subsidy {} a month.", capital(&who(member)), yuan(*monthly))
        },
        Reason::DisabledNearPoor { member, monthly } => if z {
            format!("{}有残疾；家庭可能被认定为低保（单人户）或低保边缘，不少地方对此也发放生活补贴（每月 {}）。", who(member), yuan(*monthly))
        } else {
            format!("{} is disabled; the household may qualify as 低保 (single person) or near-poor, and many places pay the living subsidy then too ({} a month).", capital(&who(member)), yuan(*monthly))
        },
        Reason::DisabledNotInDibao => (if z { "生活补贴发给低保家庭中的残疾人；按您的回答，家庭不在低保范围内。" } else { "The living subsidy is for disabled people in 低保 households; from your answers, the household is not." }).into(),
        Reason::NoDisabledMember => (if z { "家里没有持残疾人证的成员。" } else { "No one in the household holds a disability certificate." }).into(),
        Reason::SevereDisabilityCare { member, grade, monthly } => if z {
            format!("{}是 {} 级残疾且需要长期照护，可领护理补贴每月 {}。", who(member), grade, yuan(*monthly))
        } else {
            format!("{} has a grade {} disability and needs long-term care: nursing subsidy {} a month.", capital(&who(member)), grade, yuan(*monthly))
        },
        Reason::SevereDisabilityNoCareNeed { member } => if z {
            format!("{}是一、二级残疾，但没有填写需要长期照护。", who(member))
        } else {
            format!("{} has a grade 1-2 disability but no long-term care need was given.", capital(&who(member)))
        },
        Reason::NoSevereDisability => (if z { "护理补贴发给一、二级残疾且需要长期照护的人。" } else { "The nursing subsidy is for grade 1-2 disability needing long-term care." }).into(),
        Reason::OldAgeBand { member, age, monthly } => if z {
            format!("{} {} 岁，可领每月 {}。", who(member), age, yuan(*monthly))
        } else {
            format!("{} is {}: {} a month.", capital(&who(member)), age, yuan(*monthly))
        },
        Reason::NoOneInAgeBand { min_age } => if z { format!("本地从 {min_age} 岁起发放，家里还没有人到这个年龄。") } else { format!("Paid here from age {min_age}; no one in the household has reached it.") },
        Reason::ChildAllowance { member, status, monthly } => {
            let what = match (z, status) {
                (true, ChildStatus::Orphan) => "孤儿",
                (true, _) => "事实无人抚养儿童",
                (false, ChildStatus::Orphan) => "an orphan",
                (false, _) => "a child without a de-facto carer",
            };
            if z { format!("{}是{what}，可领基本生活费每月 {}。", who(member), yuan(*monthly)) } else { format!("{} is {what}: basic living allowance {} a month.", capital(&who(member)), yuan(*monthly)) }
        }
        Reason::NoQualifyingChild => (if z { "家里没有孤儿或事实无人抚养的儿童。" } else { "No orphan or child without a de-facto carer in the household." }).into(),
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

pub fn amount_error(lang: Lang, e: AmountError) -> &'static str {
    let m = bm(lang);
    match e {
        AmountError::NotANumber => m.err_not_number,
        AmountError::Negative => m.err_negative,
        AmountError::TooLarge => m.err_too_large,
    }
}

/// The engine's typed error as a sentence, and the field it is about.
pub fn assess_error(lang: Lang, e: &AssessError, h: &Household) -> String {
    let z = zh(lang);
    let at = |i: &usize| person(lang, h, *i);
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
        AssessError::ImpossibleAge { member } => format!("{}：{}", at(member), bm(lang).err_age),
        AssessError::Negative { field, member } | AssessError::Absurd { field, member } => {
            let what = field_label(lang, *field);
            let msg = if matches!(e, AssessError::Negative { .. }) {
                bm(lang).err_negative
            } else {
                bm(lang).err_too_large
            };
            match member {
                Some(i) => format!("{} · {what}：{msg}", at(i)),
                None => format!("{what}：{msg}"),
            }
        }
        AssessError::DisabilityGrade { member } => format!(
            "{}：{}",
            at(member),
            if z {
                "残疾等级应为 1 到 4 级。"
            } else {
                "the disability grade must be 1 to 4."
            }
        ),
        AssessError::ChildStatusAdult { member } => format!(
            "{}：{}",
            at(member),
            if z {
                "18 岁及以上不能按孤儿或事实无人抚养儿童填写。"
            } else {
                "orphan status applies only under 18."
            }
        ),
        AssessError::OwnEarningsAge { member } => format!(
            "{}：{}",
            at(member),
            if z {
                "“靠自己劳动收入生活”只适用于 16、17 岁。"
            } else {
                "“living on own earnings” applies only at 16 or 17."
            }
        ),
        AssessError::NoParameter { param, date } => {
            if z {
                format!("这个地区在 {date} 没有可用的标准（{param}）。")
            } else {
                format!("This area has no standard in force on {date} ({param}).")
            }
        }
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
        Field::DisabilityGrade => m.disability_grade,
        Field::ChildStatus => m.child_status,
        Field::OwnEarnings => m.own_earnings,
    }
}
