//! Words for marriage registration booking, in both languages.

use crate::ui::i18n::Lang;
use portal_api::FieldCode;
use portal_api::booking::{BookingStatus, Service};
use portal_api::ids::Date;

pub struct KMsgs {
    pub title: &'static str,
    pub intro: &'static str,
    pub free: &'static str,
    pub need_sign_in: &'static str,
    pub explore_hint: &'static str,
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
    pub status_past: &'static str,
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
    pub e_partner_under_age: &'static str,
    pub e_same_person: &'static str,
    pub e_not_man_and_woman: &'static str,
    pub e_already_booked: &'static str,
    pub e_reference: &'static str,
    pub continue_: &'static str,
    pub not_released: &'static str,
    pub close_day: &'static str,
    pub close_reason: &'static str,
    pub closed_affected: &'static str,
    pub closed_none: &'static str,
    pub clerk_title: &'static str,
    pub clerk_day: &'static str,
    pub clerk_date: &'static str,
    pub clerk_empty: &'static str,
    pub mark_arrived: &'static str,
    pub mark_completed: &'static str,
    pub mark_no_show: &'static str,
    pub download_csv: &'static str,
    pub status_arrived: &'static str,
    pub status_completed: &'static str,
    pub status_no_show: &'static str,
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
    pub q_service: &'static str,
    pub svc_marriage: &'static str,
    pub svc_divorce: &'static str,
    pub svc_reissue: &'static str,
    pub svc_ceremony: &'static str,
    pub svc_counselling: &'static str,
    pub desc_marriage: &'static str,
    pub desc_divorce: &'static str,
    pub desc_reissue: &'static str,
    pub desc_ceremony: &'static str,
    pub desc_counselling: &'static str,
    pub bring_reissue: &'static str,
    pub bring_ceremony: &'static str,
    pub bring_counselling: &'static str,
    pub already: &'static str,
    pub q_day: &'static str,
    pub day_hint: &'static str,
    pub day_keys: &'static str,
    pub day_full: &'static str,
    pub day_closed: &'static str,
    pub day_soon: &'static str,
    pub no_days: &'static str,
    pub q_time: &'static str,
    pub change_day: &'static str,
    pub check_title: &'static str,
    pub check_hint: &'static str,
    pub service: &'static str,
    pub office: &'static str,
    pub you: &'static str,
    pub partner: &'static str,
    pub change: &'static str,
    pub reschedule: &'static str,
    pub rescheduling: &'static str,
    pub rescheduled: &'static str,
    pub hold_lost: &'static str,
    pub hours: &'static str,
    pub settings_title: &'static str,
    pub settings_hint: &'static str,
    pub counters: &'static str,
    pub slot_minutes: &'static str,
    pub window_min: &'static str,
    pub window_max: &'static str,
    pub partner_confirm_label: &'static str,
    pub hours_hint: &'static str,
    pub preview: &'static str,
    pub apply: &'static str,
    pub saved: &'static str,
    pub affected_none: &'static str,
    pub affected_some: &'static str,
    pub special_title: &'static str,
    pub special_hint: &'static str,
    pub special_day: &'static str,
    pub special_release: &'static str,
    pub e_hours: &'static str,
    pub e_number: &'static str,
    pub e_day: &'static str,
    pub e_closed_day: &'static str,
    pub e_not_released: &'static str,
    pub e_no_such_slot: &'static str,
    pub e_cooling_off: &'static str,
    pub e_not_offered: &'static str,
    pub e_range: &'static str,
    pub e_no_partner: &'static str,
    pub e_too_early: &'static str,
    pub e_day_out_of_range: &'static str,
    pub blocked_until: &'static str,
    pub cap_service: &'static str,
    pub all_services: &'static str,
    pub cancel_question: &'static str,
    pub cancel_yes: &'static str,
    pub cancel_no: &'static str,
    pub look_up: &'static str,
    pub confirm_check: &'static str,
    pub not_mine: &'static str,
    pub e_not_yours: &'static str,
    pub status_yours_to_confirm: &'static str,
    pub closed_notice: &'static str,
    pub find_reference: &'static str,
    pub next_booking: &'static str,
    pub qr_alt: &'static str,
    pub add_to_calendar: &'static str,
    pub move_title: &'static str,
    pub move_hint: &'static str,
    pub old_time: &'static str,
    pub new_time: &'static str,
    pub move_confirm: &'static str,
    pub move_taken: &'static str,
    pub waiting_title: &'static str,
    pub waiting_body: &'static str,
    pub waiting_button: &'static str,
    pub confirm_need_real_name: &'static str,
    pub no_show_question: &'static str,
    pub no_show_yes: &'static str,
    pub no_show_no: &'static str,
    pub undo_no_show: &'static str,
    pub no_show_undone: &'static str,
    pub e_undo_too_late: &'static str,
}

pub static ZH: KMsgs = KMsgs {
    title: "婚姻登记预约",
    intro: "在网上预约到婚姻登记处办事的日期和时段：结婚、离婚、补领证件、颁证仪式和婚姻家庭辅导。全市任何一个婚姻登记处都可以办理。",
    free: "婚姻登记不收费。",
    need_sign_in: "预约前请先登录。",
    explore_hint: "不用登录也可以先看哪天、几点有空位。选好时间时再登录。",
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
    status_past: "预约时间已过",
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
    e_partner_under_age: "对方在预约当天还没到法定婚龄（男 22 周岁、女 20 周岁）。{date}起可以登记，请改选那天以后的日期。",
    e_same_person: "两个人的身份证号不能相同。",
    e_not_man_and_woman: "依照《民法典》，结婚登记由男女双方申请。",
    e_already_booked: "对方已经有一个有效的结婚登记预约。",
    e_reference: "预约号是 8 位字母和数字，请核对。",
    continue_: "继续",
    not_released: "这一天是热门日期，预约将于 {time} 开放，请届时再来。",
    close_day: "关闭这一天",
    close_reason: "关闭原因（会告知群众）",
    closed_affected: "已关闭。以下预约受影响，请逐一电话通知：",
    closed_none: "已关闭，没有受影响的预约。",
    clerk_title: "登记员工作台",
    clerk_day: "当天预约",
    clerk_date: "日期",
    clerk_empty: "这一天没有预约。",
    mark_arrived: "已到达",
    mark_completed: "已办结",
    mark_no_show: "未到",
    download_csv: "下载 CSV",
    status_arrived: "已到达",
    status_completed: "已办结",
    status_no_show: "未到",
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
    q_service: "您要预约什么？",
    svc_marriage: "结婚登记",
    svc_divorce: "离婚登记",
    svc_reissue: "补领婚姻登记证",
    svc_ceremony: "颁证仪式",
    svc_counselling: "婚姻家庭辅导",
    desc_marriage: "双方一起到场；对方在 24 小时内确认。",
    desc_divorce: "协议离婚的申请，或冷静期满后的领证。",
    desc_reissue: "结婚证或离婚证丢失、损毁时补领。",
    desc_ceremony: "在颁证厅举行，可邀请家人。",
    desc_counselling: "免费的婚姻家庭咨询。",
    bring_reissue: "本人身份证原件。登记处核对婚姻登记档案后当场补发。",
    bring_ceremony: "双方身份证和结婚证。家人可以一起来。",
    bring_counselling: "不需要带材料。",
    already: "已有预约",
    q_day: "选择日期",
    day_hint: "只能选择还有名额的日期，小字是剩余名额。",
    day_keys: "用方向键可以在日期之间移动，按回车选择。",
    day_full: "已约满",
    day_closed: "不办公",
    day_soon: "未开放",
    no_days: "这个登记处近期没有可预约的日期，请换一个登记处。",
    q_time: "选择时段",
    change_day: "换一天",
    check_title: "核对预约信息",
    check_hint: "请确认以下信息无误，再提交。",
    service: "事项",
    office: "登记处",
    you: "申请人",
    partner: "对方",
    change: "修改",
    reschedule: "改约",
    rescheduling: "正在为预约 {ref} 改约。新时段约好之前，原来的时段不会释放。",
    rescheduled: "已改约到新的时段。",
    hold_lost: "保留时间已过，这个时段已释放，请重新选择。",
    hours: "办公时间",
    settings_title: "登记处设置",
    settings_hint: "修改前先点“查看影响”，看看哪些已有预约会受影响。已有预约不会被删除。",
    counters: "每个时段的窗口数",
    slot_minutes: "每个时段的分钟数",
    window_min: "最少提前天数",
    window_max: "最多提前天数",
    partner_confirm_label: "结婚登记需要对方在 24 小时内确认",
    hours_hint: "例如 09:00-12:00 13:30-17:00；不办公就留空。",
    preview: "查看影响",
    apply: "保存",
    saved: "已保存。",
    affected_none: "没有已有预约受影响。",
    affected_some: "以下预约受影响（仍然保留，请电话联系当事人）：",
    special_title: "热门日期",
    special_hint: "如 5 月 20 日、七夕：单独设定窗口数，并设定开放预约的时间。",
    special_day: "日期",
    special_release: "开放预约时间（可不填）",
    e_hours: "请按 09:00-12:00 的格式填写，开始早于结束。",
    e_number: "请填写一个整数。",
    e_day: "请选择日期。",
    e_closed_day: "这一天不办公，请换一天。",
    e_not_released: "这一天还没有开放预约。",
    e_no_such_slot: "没有这个时段，请重新选择。",
    e_cooling_off: "离婚冷静期内不能预约领证，请在冷静期满后的 30 天内预约。",
    e_not_offered: "这个登记处不办理这项业务，请换一个登记处。",
    e_range: "超出允许的范围，请检查。",
    e_no_partner: "这项业务由本人办理，不需要填写对方。",
    e_too_early: "还没到这个预约的时间，现在不能这样标记。",
    e_day_out_of_range: "只能选今天到两年内的日期。",
    blocked_until: "因近期预约未到场，暂停网上预约至 {date}（含当天）。",
    cap_service: "适用业务",
    all_services: "其他所有业务（默认）",
    cancel_question: "确定要取消这个预约吗？取消后名额会立即释放给别人。",
    cancel_yes: "是，取消预约",
    cancel_no: "不取消",
    look_up: "查看预约",
    confirm_check: "请核对：这是对方为你们两人预约的吗？确认后双方都需要按时到场。",
    not_mine: "不是这个预约",
    e_not_yours: "没有找到需要您确认的预约。请核对预约号，并确认对方填写的是您的姓名和身份证号。",
    status_yours_to_confirm: "等待您确认",
    closed_notice: "登记处这一天暂停办公（{reason}）。请改约到其他时间。",
    find_reference: "按预约号查找",
    next_booking: "您的下一个预约",
    qr_alt: "预约号二维码，到登记处时出示",
    add_to_calendar: "加入手机日历",
    move_title: "核对改约",
    move_hint: "新时间确认后才生效；在此之前原来的时间不变。",
    old_time: "原来的时间",
    new_time: "新的时间",
    move_confirm: "确认改到新时间",
    move_taken: "这个时间刚被别人约走了，原预约没有变。请另选时间。",
    waiting_title: "有一个预约等您确认",
    waiting_body: "对方为你们两人预约了 {when}（编号 {ref}）。请在 24 小时内确认，否则预约会自动取消。",
    waiting_button: "查看并确认",
    confirm_need_real_name: "对方是按您的姓名和身份证号预约的。请先完成实名登记，之后会回到这里确认预约。",
    no_show_question: "确认 {ref} 未到？多次未到会使双方暂时不能在网上预约。今天之内可以撤销。",
    no_show_yes: "确认未到",
    no_show_no: "返回",
    undo_no_show: "撤销“未到”",
    no_show_undone: "已撤销“未到”，记录已留存。",
    e_undo_too_late: "只能撤销今天标记的“未到”。",
};

pub static EN: KMsgs = KMsgs {
    title: "Marriage registration",
    intro: "Book a date and time at a marriage registry: marriage, divorce, certificate re-issue, the certificate ceremony, or counselling. Any registry office in the city can serve you.",
    free: "Registration is free of charge.",
    need_sign_in: "Please sign in before booking.",
    explore_hint: "You can look for free days and times without signing in. You will be asked to sign in when you choose a time.",
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
    status_past: "Date passed",
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
    e_partner_under_age: "Your partner is below the legal marriage age (men 22, women 20) on the booked day. They may marry from {date}; please choose a day from then on.",
    e_same_person: "The two ID numbers must differ.",
    e_not_man_and_woman: "Under the Civil Code a marriage is registered by a man and a woman.",
    e_already_booked: "Your partner already has an active marriage booking.",
    e_reference: "The reference is 8 letters and digits. Please check it.",
    continue_: "Continue",
    not_released: "A popular date: bookings open at {time}. Please come back then.",
    close_day: "Close this day",
    close_reason: "Reason (shown to residents)",
    closed_affected: "Closed. These bookings are affected; please call each couple:",
    closed_none: "Closed. No bookings are affected.",
    clerk_title: "Registry clerk",
    clerk_day: "Bookings of the day",
    clerk_date: "Date",
    clerk_empty: "No bookings that day.",
    mark_arrived: "Arrived",
    mark_completed: "Completed",
    mark_no_show: "No-show",
    download_csv: "Download CSV",
    status_arrived: "Arrived",
    status_completed: "Completed",
    status_no_show: "No-show",
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
    q_service: "What would you like to book?",
    svc_marriage: "Marriage registration",
    svc_divorce: "Divorce registration",
    svc_reissue: "Certificate re-issue",
    svc_ceremony: "Certificate ceremony",
    svc_counselling: "Marriage and family counselling",
    desc_marriage: "You come together; your partner confirms within 24 hours.",
    desc_divorce: "Apply for divorce by agreement, or collect the certificate after the cooling-off.",
    desc_reissue: "If a marriage or divorce certificate was lost or damaged.",
    desc_ceremony: "In the ceremony hall; family are welcome.",
    desc_counselling: "Free advice on marriage and family matters.",
    bring_reissue: "Your original ID card. The office checks the registry record and re-issues on the spot.",
    bring_ceremony: "Both ID cards and the marriage certificate. Family are welcome.",
    bring_counselling: "Nothing to bring.",
    already: "Already booked",
    q_day: "Choose a date",
    day_hint: "Only dates with places can be chosen; the small number is the places left.",
    day_keys: "Arrow keys move between dates; Enter chooses one.",
    day_full: "Full",
    day_closed: "Closed",
    day_soon: "Not yet open",
    no_days: "This office has no dates to book soon. Please choose another office.",
    q_time: "Choose a time",
    change_day: "Choose another date",
    check_title: "Check your booking",
    check_hint: "Please check the details below, then submit.",
    service: "Service",
    office: "Office",
    you: "You",
    partner: "Partner",
    change: "Change",
    reschedule: "Change time",
    rescheduling: "Changing booking {ref}. Your current time is kept until the new one is secured.",
    rescheduled: "Moved to the new time.",
    hold_lost: "The hold has run out and the time was released. Please choose again.",
    hours: "Opening hours",
    settings_title: "Office settings",
    settings_hint: "Press “Preview” first to see which bookings a change affects. Existing bookings are never removed.",
    counters: "Counters per time slot",
    slot_minutes: "Minutes per slot",
    window_min: "Book at least (days ahead)",
    window_max: "Book at most (days ahead)",
    partner_confirm_label: "Marriage bookings need the partner's confirmation within 24 hours",
    hours_hint: "For example 09:00-12:00 13:30-17:00; leave empty when closed.",
    preview: "Preview",
    apply: "Save",
    saved: "Saved.",
    affected_none: "No existing bookings are affected.",
    affected_some: "These bookings are affected (they are kept; please call the people):",
    special_title: "Popular dates",
    special_hint: "Such as 20 May or Qixi: set their own counters and when booking opens.",
    special_day: "Date",
    special_release: "Booking opens at (optional)",
    e_hours: "Use the form 09:00-12:00, start before end.",
    e_number: "Please enter a whole number.",
    e_day: "Please choose a date.",
    e_closed_day: "The office is closed that day. Please choose another day.",
    e_not_released: "Booking for that day has not opened yet.",
    e_no_such_slot: "There is no such time. Please choose again.",
    e_cooling_off: "The certificate cannot be booked during the cooling-off period; book it in the 30 days after it ends.",
    e_not_offered: "This office does not offer that service. Please choose another office.",
    e_range: "That number is outside the allowed range.",
    e_no_partner: "This service is for you alone; no partner is needed.",
    e_too_early: "This appointment has not come yet, so it cannot be marked like that now.",
    e_day_out_of_range: "Choose a day from today up to two years ahead.",
    blocked_until: "Because of missed appointments, online booking is paused until {date} (inclusive).",
    cap_service: "Applies to",
    all_services: "All other services (default)",
    cancel_question: "Cancel this booking? The place goes to someone else at once.",
    cancel_yes: "Yes, cancel it",
    cancel_no: "Keep it",
    look_up: "Look up",
    confirm_check: "Please check: is this the booking your partner made for you both? Once you confirm, you both need to come on time.",
    not_mine: "This is not it",
    e_not_yours: "No booking is waiting for your confirmation. Check the reference, and that your partner entered your name and ID number.",
    status_yours_to_confirm: "Waiting for you to confirm",
    closed_notice: "The office is closed that day ({reason}). Please move your booking to another time.",
    find_reference: "Find by reference",
    next_booking: "Your next appointment",
    qr_alt: "QR code of the reference, to show at the office",
    add_to_calendar: "Add to my calendar",
    move_title: "Check the new time",
    move_hint: "The new time takes effect only when you confirm it; until then your booking keeps its current time.",
    old_time: "Current time",
    new_time: "New time",
    move_confirm: "Move my booking to this time",
    move_taken: "Someone has just taken that time; your booking is unchanged. Please choose another time.",
    waiting_title: "A booking is waiting for you",
    waiting_body: "Your partner booked {when} for you both (reference {ref}). Please confirm it within 24 hours, or it will be released.",
    waiting_button: "Check and confirm",
    confirm_need_real_name: "Your partner booked with your name and ID number. Please complete real-name registration first; you will come straight back here to confirm.",
    no_show_question: "Mark {ref} as a no-show? Repeated no-shows stop both of them booking online for a while. It can be undone today.",
    no_show_yes: "Yes, mark no-show",
    no_show_no: "Go back",
    undo_no_show: "Undo no-show",
    no_show_undone: "No-show undone; the change is recorded.",
    e_undo_too_late: "Only a no-show marked today can be undone.",
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

pub fn status(lang: Lang, s: BookingStatus) -> &'static str {
    let m = km(lang);
    match s {
        BookingStatus::Held => m.status_held,
        BookingStatus::Provisional => m.status_provisional,
        BookingStatus::Confirmed => m.status_confirmed,
        BookingStatus::Cancelled => m.status_cancelled,
        BookingStatus::Expired => m.status_expired,
        BookingStatus::Lapsed => m.status_lapsed,
        BookingStatus::Arrived => m.status_arrived,
        BookingStatus::Completed => m.status_completed,
        BookingStatus::NoShow => m.status_no_show,
        BookingStatus::Past => m.status_past,
    }
}

/// A field error code as a sentence. Every code is matched here, so a new one is a compile
/// error until it is worded; the ID, name and code messages are shared with the account pages.
pub fn field_error(lang: Lang, code: FieldCode) -> &'static str {
    let m = km(lang);
    match code {
        FieldCode::UnderAge => m.e_under_age,
        FieldCode::SamePerson => m.e_same_person,
        FieldCode::NotManAndWoman => m.e_not_man_and_woman,
        FieldCode::AlreadyBooked => m.e_already_booked,
        FieldCode::Reference => m.e_reference,
        FieldCode::CoolingOff => m.e_cooling_off,
        FieldCode::DivorceLapsed => m.stage_lapsed,
        FieldCode::Closed => m.e_closed_day,
        FieldCode::NotReleased => m.e_not_released,
        FieldCode::OutOfWindow => m.out_of_window,
        FieldCode::NoSuchSlot => m.e_no_such_slot,
        FieldCode::NotOffered => m.e_not_offered,
        FieldCode::Range => m.e_range,
        FieldCode::Hours => m.e_hours,
        FieldCode::NoPartnerNeeded => m.e_no_partner,
        FieldCode::TooEarly => m.e_too_early,
        FieldCode::DayOutOfRange => m.e_day_out_of_range,
        FieldCode::Required
        | FieldCode::Invalid
        | FieldCode::Length
        | FieldCode::BadCharacter
        | FieldCode::BirthDate
        | FieldCode::CheckCharacter
        | FieldCode::MobilePrefix
        | FieldCode::Name
        | FieldCode::CodeFormat
        // The register's own checks; the charity pages word them where they are asked.
        | FieldCode::BadDistrict
        | FieldCode::BadFormat
        | FieldCode::BadHeader
        | FieldCode::BadValue
        | FieldCode::BeforeRegistration
        | FieldCode::BeforeStart
        | FieldCode::BadFilingNumber
        | FieldCode::GradeNeedsDate
        | FieldCode::Malformed
        | FieldCode::Mismatch
        | FieldCode::OutOfRange
        | FieldCode::TooLong
        | FieldCode::TooLongOrControl
        | FieldCode::TooMany
        | FieldCode::TooManyLines
        | FieldCode::NotUtf8 => crate::account::text::field_error(lang, code),
    }
}

pub fn service_name(lang: Lang, s: Service) -> &'static str {
    let m = km(lang);
    match s {
        Service::Marriage => m.svc_marriage,
        Service::Divorce => m.svc_divorce,
        Service::Reissue => m.svc_reissue,
        Service::Ceremony => m.svc_ceremony,
        Service::Counselling => m.svc_counselling,
    }
}

pub fn service_desc(lang: Lang, s: Service) -> &'static str {
    let m = km(lang);
    match s {
        Service::Marriage => m.desc_marriage,
        Service::Divorce => m.desc_divorce,
        Service::Reissue => m.desc_reissue,
        Service::Ceremony => m.desc_ceremony,
        Service::Counselling => m.desc_counselling,
    }
}

/// What to bring, per service (marriage: State Council Order 804, in force 10 May 2025).
pub fn bring(lang: Lang, s: Service) -> &'static str {
    let m = km(lang);
    match (s, lang) {
        (Service::Marriage, Lang::Zh) => portal_api::booking::MARRIAGE_BRING_ZH,
        (Service::Marriage, Lang::En) => portal_api::booking::MARRIAGE_BRING_EN,
        (Service::Divorce, _) => m.divorce_bring,
        (Service::Reissue, _) => m.bring_reissue,
        (Service::Ceremony, _) => m.bring_ceremony,
        (Service::Counselling, _) => m.bring_counselling,
    }
}

pub fn weekday_short(lang: Lang, i: usize) -> String {
    match lang {
        Lang::Zh => WEEKDAYS_ZH[i].replace("星期", "周"),
        Lang::En => WEEKDAYS_EN[i][..3].to_owned(),
    }
}

/// "周一至周五 09:00–12:00、13:30–17:00；周六 09:00–12:00": weekdays with the same hours are
/// grouped (by `portal_api::booking::group_hours`); closed days are left out.
pub fn hours_summary(lang: Lang, hours: &[Vec<(u32, u32)>]) -> String {
    portal_api::booking::group_hours(hours)
        .into_iter()
        .map(|(a, b, periods)| {
            let days = if a == b {
                weekday_short(lang, a)
            } else if lang == Lang::Zh {
                format!("{}至{}", weekday_short(lang, a), weekday_short(lang, b))
            } else {
                format!("{}–{}", weekday_short(lang, a), weekday_short(lang, b))
            };
            let periods = periods
                .iter()
                .map(|(a, b)| format!("{}–{}", time(*a), time(*b)))
                .collect::<Vec<_>>()
                .join(if lang == Lang::Zh { "、" } else { ", " });
            format!("{days} {periods}")
        })
        .collect::<Vec<_>>()
        .join(if lang == Lang::Zh { "；" } else { "; " })
}

/// A calendar month's heading: "2026年12月" / "December 2026".
pub fn month_title(lang: Lang, d: Date) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月", d.year, d.month),
        Lang::En => format!("{} {}", MONTHS_EN[usize::from(d.month) - 1], d.year),
    }
}

/// The calendar's column heads, Monday first.
pub fn weekday_letter(lang: Lang, i: usize) -> &'static str {
    const ZH: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
    const EN: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
    if lang == Lang::Zh { ZH[i] } else { EN[i] }
}

/// A weekday's full name, Monday = 0.
pub fn weekday_name(lang: Lang, i: usize) -> &'static str {
    if lang == Lang::Zh { WEEKDAYS_ZH[i] } else { WEEKDAYS_EN[i] }
}
