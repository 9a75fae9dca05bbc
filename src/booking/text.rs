//! Words for marriage registration booking, in both languages.

use crate::ui::i18n::Lang;
use portal_api::ids::Date;

pub struct KMsgs {
    pub title: &'static str,
    pub intro: &'static str,
    pub free: &'static str,
    pub need_sign_in: &'static str,
    pub need_real_name: &'static str,
    pub start: &'static str,
    pub mine: &'static str,
    pub confirm_partner: &'static str,
    pub bring_title: &'static str,
    pub q_office: &'static str,
    pub office_hint: &'static str,
    pub q_slot: &'static str,
    pub choose_day: &'static str,
    pub choose_time: &'static str,
    pub places_left: &'static str,
    pub full: &'static str,
    pub closed: &'static str,
    pub out_of_window: &'static str,
    pub no_slots: &'static str,
    pub alternatives: &'static str,
    pub q_partner: &'static str,
    pub partner_why: &'static str,
    pub held_until: &'static str,
    pub partner_name: &'static str,
    pub partner_id: &'static str,
    pub submit: &'static str,
    pub done_title: &'static str,
    pub reference: &'static str,
    pub status_held: &'static str,
    pub status_provisional: &'static str,
    pub status_confirmed: &'static str,
    pub status_cancelled: &'static str,
    pub status_expired: &'static str,
    pub status_lapsed: &'static str,
    pub status_other: &'static str,
    pub tell_partner: &'static str,
    pub when: &'static str,
    pub where_: &'static str,
    pub cancel: &'static str,
    pub cancelled: &'static str,
    pub mine_empty: &'static str,
    pub confirm_title: &'static str,
    pub confirm_hint: &'static str,
    pub confirm_button: &'static str,
    pub confirmed: &'static str,
    pub e_under_age: &'static str,
    pub e_same_person: &'static str,
    pub e_not_man_and_woman: &'static str,
    pub e_already_booked: &'static str,
    pub e_reference: &'static str,
    pub continue_: &'static str,
    pub start_divorce: &'static str,
    pub divorce_title: &'static str,
    pub divorce_intro: &'static str,
    pub divorce_none: &'static str,
    pub applied_on: &'static str,
    pub withdraw_until: &'static str,
    pub second_window: &'static str,
    pub stage_cooling: &'static str,
    pub stage_second: &'static str,
    pub stage_lapsed: &'static str,
    pub stage_withdrawn: &'static str,
    pub stage_completed: &'static str,
    pub withdraw: &'static str,
    pub book_second: &'static str,
    pub divorce_bring: &'static str,
    pub qr_alt: &'static str,
    pub add_to_calendar: &'static str,
}

pub static ZH: KMsgs = KMsgs {
    title: "婚姻登记预约",
    intro: "在网上预约结婚登记的日期和时段。全市任何一个婚姻登记处都可以办理。",
    free: "婚姻登记不收费。",
    need_sign_in: "预约前请先登录。",
    need_real_name: "预约前请先完成实名登记。",
    start: "预约结婚登记",
    mine: "我的预约",
    confirm_partner: "确认对方发起的预约",
    bring_title: "需要带什么",
    q_office: "选择婚姻登记处",
    office_hint: "可以选择全市任何一个登记处。",
    q_slot: "选择日期和时段",
    choose_day: "日期",
    choose_time: "时段",
    places_left: "余 {n} 个",
    full: "已约满",
    closed: "这一天不办公。",
    out_of_window: "这一天不在可预约的日期范围内（提前 1 到 30 天）。",
    no_slots: "这一天没有可预约的时段，请换一天。",
    alternatives: "这些时段还有空位：",
    q_partner: "填写对方的信息",
    partner_why: "结婚登记需要双方本人。对方的身份证号加密保存，只用于核对年龄和身份。",
    held_until: "已为您保留这个时段，请在 {time} 前提交。",
    partner_name: "对方姓名",
    partner_id: "对方身份证号",
    submit: "提交预约",
    done_title: "预约已提交",
    reference: "预约号",
    status_held: "保留中",
    status_provisional: "等待对方确认",
    status_confirmed: "已确认",
    status_cancelled: "已取消",
    status_expired: "已过期",
    status_lapsed: "对方未在 24 小时内确认，已失效",
    status_other: "已办理",
    tell_partner: "请把预约号告诉对方。对方需要在 24 小时内用自己的手机登录本站，在“确认对方发起的预约”中输入预约号确认，否则预约会自动取消。",
    when: "时间",
    where_: "地点",
    cancel: "取消预约",
    cancelled: "预约已取消，名额已释放。",
    mine_empty: "您还没有预约。",
    confirm_title: "确认对方发起的预约",
    confirm_hint: "输入对方告诉您的 8 位预约号。",
    confirm_button: "确认预约",
    confirmed: "已确认。请双方按时带好证件前往登记处。",
    e_under_age: "未到法定婚龄（男 22 周岁、女 20 周岁，按登记当天计算）。",
    e_same_person: "两个人的身份证号不能相同。",
    e_not_man_and_woman: "依照《民法典》，结婚登记由男女双方申请。",
    e_already_booked: "对方已经有一个有效的结婚登记预约。",
    e_reference: "预约号是 8 位字母和数字，请核对。",
    continue_: "继续",
    start_divorce: "预约离婚登记",
    divorce_title: "离婚冷静期",
    divorce_intro: "协议离婚：第一次到登记处是提交申请。之后有 30 天冷静期，期间任何一方都可以撤回申请；冷静期满后的 30 天内，双方须一起到登记处领取离婚证，否则视为撤回申请（《民法典》第一千零七十七条）。",
    divorce_none: "您目前没有离婚登记申请。",
    applied_on: "提交申请",
    withdraw_until: "可撤回至",
    second_window: "领证时间",
    stage_cooling: "冷静期中，还有 {n} 天。",
    stage_second: "冷静期已满，请在 {date} 前双方一起领证，还有 {n} 天。",
    stage_lapsed: "已超过领证期限，申请视为撤回。如仍需离婚，请重新申请。",
    stage_withdrawn: "申请已撤回。",
    stage_completed: "已办理完毕。",
    withdraw: "撤回离婚申请",
    book_second: "预约领证时间",
    divorce_bring: "双方身份证原件、结婚证、双方签署的书面离婚协议。",
    qr_alt: "预约号二维码，到登记处时出示",
    add_to_calendar: "加入手机日历",
};

pub static EN: KMsgs = KMsgs {
    title: "Marriage registration",
    intro: "Book a date and time for your marriage registration. Any registry office in the city can register you.",
    free: "Registration is free of charge.",
    need_sign_in: "Please sign in before booking.",
    need_real_name: "Please register your real name before booking.",
    start: "Book a marriage registration",
    mine: "My bookings",
    confirm_partner: "Confirm a booking your partner made",
    bring_title: "What to bring",
    q_office: "Choose a registry office",
    office_hint: "You may choose any office in the city.",
    q_slot: "Choose a date and time",
    choose_day: "Date",
    choose_time: "Time",
    places_left: "{n} left",
    full: "Full",
    closed: "The office is closed that day.",
    out_of_window: "That day cannot be booked (1 to 30 days ahead).",
    no_slots: "No times can be booked that day. Please choose another day.",
    alternatives: "These times still have places:",
    q_partner: "Your partner's details",
    partner_why: "Both of you must register in person. Your partner's ID number is stored encrypted and used only to check age and identity.",
    held_until: "This time is held for you until {time}.",
    partner_name: "Partner's name",
    partner_id: "Partner's ID card number",
    submit: "Submit booking",
    done_title: "Booking submitted",
    reference: "Reference",
    status_held: "Held",
    status_provisional: "Waiting for your partner",
    status_confirmed: "Confirmed",
    status_cancelled: "Cancelled",
    status_expired: "Expired",
    status_lapsed: "Not confirmed by your partner within 24 hours; released",
    status_other: "Done",
    tell_partner: "Give the reference to your partner. Within 24 hours they must sign in on their own phone and confirm it under “Confirm a booking your partner made”; otherwise the booking is released.",
    when: "When",
    where_: "Where",
    cancel: "Cancel booking",
    cancelled: "The booking is cancelled and the place released.",
    mine_empty: "You have no bookings yet.",
    confirm_title: "Confirm a booking your partner made",
    confirm_hint: "Enter the 8-character reference your partner gave you.",
    confirm_button: "Confirm",
    confirmed: "Confirmed. Please both come on time with your ID cards.",
    e_under_age: "Below the legal marriage age (men 22, women 20, on the registration day).",
    e_same_person: "The two ID numbers must differ.",
    e_not_man_and_woman: "Under the Civil Code a marriage is registered by a man and a woman.",
    e_already_booked: "Your partner already has an active marriage booking.",
    e_reference: "The reference is 8 letters and digits. Please check it.",
    continue_: "Continue",
    start_divorce: "Book a divorce registration",
    divorce_title: "Divorce cooling-off",
    divorce_intro: "Divorce by agreement: the first visit submits the application. A 30-day cooling-off follows, during which either of you may withdraw; in the 30 days after it, you must both come to collect the divorce certificate, or the application counts as withdrawn (Civil Code art. 1077).",
    divorce_none: "You have no divorce application.",
    applied_on: "Application received",
    withdraw_until: "Withdrawal possible until",
    second_window: "Certificate appointment",
    stage_cooling: "In the cooling-off period: {n} days left.",
    stage_second: "The cooling-off has ended. Come together by {date}: {n} days left.",
    stage_lapsed: "The deadline has passed and the application counts as withdrawn. To divorce, apply again.",
    stage_withdrawn: "The application has been withdrawn.",
    stage_completed: "Completed.",
    withdraw: "Withdraw the application",
    book_second: "Book the certificate appointment",
    divorce_bring: "Both original ID cards, the marriage certificate, and a written divorce agreement signed by both.",
    qr_alt: "QR code of the reference, to show at the office",
    add_to_calendar: "Add to my calendar",
};

pub fn km(lang: Lang) -> &'static KMsgs {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

const WEEKDAYS_ZH: [&str; 7] =
    ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"];
const WEEKDAYS_EN: [&str; 7] =
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The full date a screen reader announces: "2026年3月4日 星期三" / "Wednesday 4 March 2026".
pub fn full_date(lang: Lang, d: Date) -> String {
    let w = usize::from(d.weekday()) - 1;
    match lang {
        Lang::Zh => format!("{}年{}月{}日 {}", d.year, d.month, d.day, WEEKDAYS_ZH[w]),
        Lang::En => format!(
            "{} {} {} {}",
            WEEKDAYS_EN[w],
            d.day,
            MONTHS_EN[usize::from(d.month) - 1],
            d.year
        ),
    }
}

/// The short label on a day button: "3/4 周三" / "Wed 4 Mar".
pub fn short_date(lang: Lang, d: Date) -> String {
    let w = usize::from(d.weekday()) - 1;
    match lang {
        Lang::Zh => format!("{}/{} {}", d.month, d.day, WEEKDAYS_ZH[w].replace("星期", "周")),
        Lang::En => format!(
            "{} {} {}",
            &WEEKDAYS_EN[w][..3],
            d.day,
            &MONTHS_EN[usize::from(d.month) - 1][..3]
        ),
    }
}

pub fn time(min: u32) -> String {
    format!("{:02}:{:02}", min / 60, min % 60)
}

pub fn status(lang: Lang, s: &str) -> &'static str {
    let m = km(lang);
    match s {
        "held" => m.status_held,
        "provisional" => m.status_provisional,
        "confirmed" => m.status_confirmed,
        "cancelled" => m.status_cancelled,
        "expired" => m.status_expired,
        "lapsed" => m.status_lapsed,
        _ => m.status_other,
    }
}

/// A field error code from the booking API as a sentence (falls back to the ID messages).
pub fn field_error(lang: Lang, code: &str) -> &'static str {
    let m = km(lang);
    match code {
        "under_age" => m.e_under_age,
        "same_person" => m.e_same_person,
        "not_man_and_woman" => m.e_not_man_and_woman,
        "already_booked" => m.e_already_booked,
        "reference" => m.e_reference,
        "cooling_off" => m.divorce_intro,
        "divorce_lapsed" => m.stage_lapsed,
        other => crate::account::text::field_error(lang, other),
    }
}
