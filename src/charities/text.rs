//! Words for charity lookup, in both languages.

use crate::ui::i18n::Lang;
use portal_api::charities::{
    CampaignState, Field, Opening, OrgForm, OrgStatus, ShopKind, SortOrder, Verdict, Warning,
};
use portal_api::ids::Date;

pub struct CMsgs {
    pub title: &'static str,
    pub intro: &'static str,
    pub search_label: &'static str,
    pub search_hint: &'static str,
    pub search_button: &'static str,
    pub filters: &'static str,
    pub district: &'static str,
    pub any_district: &'static str,
    pub field: &'static str,
    pub any_field: &'static str,
    pub fundraising_only: &'static str,
    pub results: &'static str,
    pub none_found: &'static str,
    pub start_hint: &'static str,
    pub prev: &'static str,
    pub next: &'static str,
    pub page_of: &'static str,
    pub code_not_found: &'static str,
    pub code_check_wrong: &'static str,
    pub did_you_mean: &'static str,
    pub campaign_filed: &'static str,
    pub campaign_not_filed: &'static str,
    pub shops_link: &'static str,
    pub shops_title: &'static str,
    pub shops_intro: &'static str,
    pub open_now_only: &'static str,
    pub open_now: &'static str,
    pub closed_now: &'static str,
    pub shops_empty: &'static str,
    pub hours_receive: &'static str,
    pub hours_give: &'static str,
    pub accepts: &'static str,
    pub eligibility: &'static str,
    pub phone: &'static str,
    pub address: &'static str,
    pub website: &'static str,
    pub credit_code: &'static str,
    pub form: &'static str,
    pub authority: &'static str,
    pub registered_on: &'static str,
    pub status: &'static str,
    pub fundraising: &'static str,
    pub fundraising_since: &'static str,
    pub no_fundraising: &'static str,
    pub grade: &'static str,
    pub grade_valid_until: &'static str,
    pub grade_expired_on: &'static str,
    pub no_grade: &'static str,
    pub reports: &'static str,
    pub report_on_time: &'static str,
    pub report_overdue: &'static str,
    pub report_not_due: &'static str,
    pub last_report: &'static str,
    pub campaigns: &'static str,
    pub no_campaigns: &'static str,
    pub filing_number: &'static str,
    pub period: &'static str,
    pub platform: &'static str,
    pub overdue: &'static str,
    pub contact: &'static str,
    pub details: &'static str,
    pub back_to_search: &'static str,
    pub careful: &'static str,
    pub fields_label: &'static str,
    pub former_names: &'static str,
    pub check_link: &'static str,
    pub check_title: &'static str,
    pub check_intro: &'static str,
    pub check_label: &'static str,
    pub check_button: &'static str,
    pub check_nothing: &'static str,
    pub check_not_qualified: &'static str,
    pub check_open_card: &'static str,
    pub check_not_filed: &'static str,
    pub check_code_only: &'static str,
    pub check_names: &'static str,
    pub check_ended_on: &'static str,
    pub check_filed: &'static str,
    pub import_title: &'static str,
    pub import_intro: &'static str,
    pub import_file: &'static str,
    pub import_choose: &'static str,
    pub import_dry_run: &'static str,
    pub import_go: &'static str,
    pub import_working: &'static str,
    pub import_counts: &'static str,
    /// Appended for organisation files only (shops, campaigns and reports have no codes to review).
    pub import_counts_flagged: &'static str,
    pub import_refused: &'static str,
    pub import_done: &'static str,
    pub import_dry_ok: &'static str,
    pub import_errors: &'static str,
    pub import_line: &'static str,
    pub import_column: &'static str,
    pub import_reason: &'static str,
    pub import_flagged: &'static str,
    pub import_progress: &'static str,
    pub import_checking: &'static str,
    pub import_writing: &'static str,
    pub import_written: &'static str,
    pub import_interrupted: &'static str,
    pub import_failed: &'static str,
    pub by_distance: &'static str,
    pub locating: &'static str,
    pub location_failed: &'static str,
    pub distance: &'static str,
    pub location_note: &'static str,
    pub any_form: &'static str,
    pub grade_at_least: &'static str,
    pub any_grade: &'static str,
    pub active_only: &'static str,
    pub sort_by: &'static str,
    pub status_title: &'static str,
    pub status_hint: &'static str,
    pub status_code: &'static str,
    pub status_new: &'static str,
    pub status_date: &'static str,
    pub status_save: &'static str,
    pub status_saved: &'static str,
}

pub static ZH: CMsgs = CMsgs {
    title: "慈善查询",
    intro: "有人请您捐款？先查一查：这个组织是否登记、能否公开募捐、募捐活动是否备案。",
    search_label: "组织名称、拼音、统一社会信用代码或募捐备案编号",
    search_hint: "例如：慈善总会、cishan、csh，或 18 位信用代码",
    search_button: "查询",
    filters: "筛选",
    district: "地区",
    any_district: "全部地区",
    field: "慈善领域",
    any_field: "全部领域",
    fundraising_only: "只看有公开募捐资格的",
    results: "共 {n} 个结果",
    none_found: "没有找到。请检查名称或代码；没有登记的组织不能以慈善名义募捐。",
    start_hint: "输入名称或代码开始查询，也可以只用筛选条件浏览。",
    prev: "上一页",
    next: "下一页",
    page_of: "第 {p} 页，共 {n} 页",
    code_not_found: "登记库里没有代码 {code}。",
    code_check_wrong: "这个代码的最后一位（校验码）不对，可能输错了。",
    did_you_mean: "您要找的可能是：",
    campaign_filed: "这是已备案的募捐活动，由下面这个组织发起：",
    campaign_not_filed: "没有查到这个备案编号的募捐活动。请当心，可拨打 12345 咨询。",
    shops_link: "附近的慈善超市和捐助点",
    shops_title: "慈善超市和捐助点",
    shops_intro: "可以捐赠衣物和日用品，困难群众也可以在这里领取帮助。",
    open_now_only: "只看现在开门的",
    open_now: "现在开门",
    closed_now: "现在关门",
    shops_empty: "这里暂时没有慈善超市或捐助点。",
    hours_receive: "接收捐赠",
    hours_give: "发放帮助",
    accepts: "接收物品",
    eligibility: "可领取的人",
    phone: "电话",
    address: "地址",
    website: "网址",
    credit_code: "统一社会信用代码",
    form: "组织形式",
    authority: "登记管理机关",
    registered_on: "登记日期",
    status: "登记状态",
    fundraising: "公开募捐资格",
    fundraising_since: "有，自 {date} 起",
    no_fundraising: "没有：不能自己向公众募捐",
    grade: "评估等级",
    grade_valid_until: "{grade}，有效期至 {date}",
    grade_expired_on: "{grade}，已于 {date} 过期",
    no_grade: "未评估",
    reports: "年度报告",
    report_on_time: "{year} 年度报告已按时公开",
    report_overdue: "逾期：{year} 年度报告应在 {date} 前公开，至今未见",
    report_not_due: "尚未到第一次公开年报的时间",
    last_report: "最近一次：{year} 年度，{date} 公开",
    campaigns: "备案的募捐活动",
    no_campaigns: "没有备案的募捐活动。",
    filing_number: "备案编号",
    period: "时间",
    platform: "平台",
    overdue: "信息公开逾期",
    contact: "联系方式",
    details: "登记信息",
    back_to_search: "返回查询",
    careful: "捐款前请核对：收款账户应是该组织的对公账户；拿不准时拨打 12345。",
    fields_label: "慈善领域",
    former_names: "曾用名",
    check_link: "核对一条募捐请求",
    check_title: "核对募捐请求",
    check_intro: "把募捐链接、二维码下面的文字或收到的消息粘贴到这里，也可以输入备案编号、信用代码或组织名称。",
    check_label: "募捐链接、文字、备案编号或组织名称",
    check_button: "核对",
    check_nothing: "没有找到与之对应的备案募捐活动。请当心：不要转账，可拨打 12345 咨询。",
    check_not_qualified: "但这个组织现在不能向公众募捐：请不要捐款，可拨打 12345 咨询。",
    check_open_card: "查看这个组织的详细信息",
    check_not_filed: "备案编号 {n} 查不到备案的募捐活动。请当心：不要转账，可拨打 12345 咨询。",
    check_code_only: "信用代码只能说明组织是否登记；向公众募捐还要有备案编号，请向对方索要并在这里核对。",
    check_names: "找到了名称相近的组织。请向对方索要募捐备案编号，再在这里核对：",
    check_ended_on: "已于 {date} 结束",
    check_filed: "“{campaign}”是 {org} 备案的募捐活动，{when}。",
    import_title: "导入慈善组织登记信息",
    import_intro: "选择按说明排好列的 CSV 文件（UTF-8 或 GBK）：组织登记信息、备案的募捐活动、年度报告，或慈善超市和捐助点（按表头区分）。先“检查”，没有问题再“导入”：只要有一行不对，就一行也不写入。",
    import_file: "CSV 文件",
    import_choose: "请先选择一个文件。",
    import_dry_run: "检查（不写入）",
    import_go: "导入",
    import_working: "正在处理，请稍候……",
    import_counts: "共 {lines} 行：新增 {created}，更新 {updated}。",
    import_counts_flagged: "需复核的信用代码 {flagged} 个。",
    import_refused: "有的行不对，什么也没有写入。请改正后再试。",
    import_done: "已导入。",
    import_dry_ok: "检查通过，还没有写入。",
    import_errors: "不对的行",
    import_line: "行号",
    import_column: "列",
    import_reason: "原因",
    import_flagged: "这些信用代码已保存，但需要复核（校验码不符、不是民政登记代码或与组织形式不符）：",
    import_progress: "导入进度",
    import_checking: "正在检查：{done} / {total} 行",
    import_writing: "{total} 行都检查过了，正在一次写入……",
    import_written: "正在写入：{done} / {total} 行（全部写完才一起生效）",
    import_interrupted: "导入中断了（处理它的服务器停止了），什么也没有写入。请重新导入。",
    import_failed: "数据库没有接受这次写入，什么也没有写入。请稍后重试。",
    by_distance: "按离我远近排序",
    locating: "正在获取位置……",
    location_failed: "没能获取位置。可以按地区查找。",
    distance: "约 {km} 公里",
    location_note: "位置只在这部手机上用来计算距离，不会发送出去。",
    any_form: "全部组织形式",
    grade_at_least: "评估等级（有效期内）至少",
    any_grade: "不限",
    active_only: "只看正常活动的",
    sort_by: "排序",
    status_title: "更改登记状态",
    status_hint: "撤销登记或注销后，查询结果会立即提示“请不要捐款”。",
    status_code: "统一社会信用代码",
    status_new: "新的状态",
    status_date: "变更日期",
    status_save: "保存",
    status_saved: "已保存：{name} 现在是“{status}”。",
};

pub static EN: CMsgs = CMsgs {
    title: "Charity lookup",
    intro: "Asked to donate? Check first: is the organisation registered, may it raise funds from the public, is the appeal filed?",
    search_label: "Name, pinyin, credit code or fundraising filing number",
    search_hint: "For example: 慈善总会, cishan, csh, or an 18-character credit code",
    search_button: "Search",
    filters: "Filters",
    district: "District",
    any_district: "All districts",
    field: "Field",
    any_field: "All fields",
    fundraising_only: "Only those that may fundraise from the public",
    results: "{n} results",
    none_found: "Nothing found. Check the name or code; an unregistered organisation may not raise funds as a charity.",
    start_hint: "Type a name or code to search, or browse with the filters alone.",
    prev: "Previous",
    next: "Next",
    page_of: "Page {p} of {n}",
    code_not_found: "No organisation with code {code} is on the register.",
    code_check_wrong: "The last character of this code (the check character) is wrong: perhaps a typo.",
    did_you_mean: "Did you mean:",
    campaign_filed: "This is a filed fundraising campaign, run by this organisation:",
    campaign_not_filed: "No filed fundraising campaign has this number. Be careful; you can call 12345 to ask.",
    shops_link: "Charity shops and donation points nearby",
    shops_title: "Charity shops and donation points",
    shops_intro: "Give clothes and everyday goods; people in need can also receive help here.",
    open_now_only: "Only those open now",
    open_now: "Open now",
    closed_now: "Closed now",
    shops_empty: "No charity shops or donation points here yet.",
    hours_receive: "Receives donations",
    hours_give: "Gives out help",
    accepts: "Accepts",
    eligibility: "Who may receive help",
    phone: "Phone",
    address: "Address",
    website: "Website",
    credit_code: "Unified social credit code",
    form: "Legal form",
    authority: "Registered by",
    registered_on: "Registered on",
    status: "Registration status",
    fundraising: "Public fundraising",
    fundraising_since: "Qualified since {date}",
    no_fundraising: "Not qualified: may not fundraise from the public itself",
    grade: "Assessment grade",
    grade_valid_until: "{grade}, valid until {date}",
    grade_expired_on: "{grade}, expired on {date}",
    no_grade: "Not assessed",
    reports: "Annual reports",
    report_on_time: "The {year} annual report is published",
    report_overdue: "Overdue: the {year} annual report was due by {date} and is missing",
    report_not_due: "No annual report is due yet",
    last_report: "Latest: {year} report, published {date}",
    campaigns: "Filed fundraising campaigns",
    no_campaigns: "No filed fundraising campaigns.",
    filing_number: "Filing number",
    period: "Period",
    platform: "Platform",
    overdue: "Disclosure overdue",
    contact: "Contact",
    details: "Register entry",
    back_to_search: "Back to search",
    careful: "Before giving: the receiving account should be the organisation's own; if unsure, call 12345.",
    fields_label: "Fields",
    former_names: "Former names",
    check_link: "Check a donation request",
    check_title: "Check a donation request",
    check_intro: "Paste the fundraising link, the text under the QR code or the message you received; or type a filing number, a credit code or a name.",
    check_label: "Link, text, filing number or organisation name",
    check_button: "Check",
    check_nothing: "No filed fundraising campaign matches. Be careful: do not transfer money; you can call 12345 to ask.",
    check_not_qualified: "But this organisation may not fundraise from the public now: do not donate; you can call 12345 to ask.",
    check_open_card: "See this organisation's details",
    check_not_filed: "No filed fundraising campaign has the number {n}. Be careful: do not transfer money; you can call 12345 to ask.",
    check_code_only: "A credit code only shows the organisation is registered; a public appeal also needs a filing number: ask for it and check it here.",
    check_names: "Organisations with similar names. Ask for the appeal's filing number and check it here:",
    check_ended_on: "ended on {date}",
    check_filed: "“{campaign}” is a fundraising campaign filed by {org}: {when}.",
    import_title: "Import the charity register",
    import_intro: "Choose a CSV file (UTF-8 or GBK) with the columns described: organisations, filed fundraising campaigns, annual reports, or charity shops and donation points (the header line tells which). Check first, then import: if any line is wrong, nothing at all is written.",
    import_file: "CSV file",
    import_choose: "Choose a file first.",
    import_dry_run: "Check (writes nothing)",
    import_go: "Import",
    import_working: "Working, please wait…",
    import_counts: "{lines} lines: {created} new, {updated} updated.",
    import_counts_flagged: " {flagged} credit codes to review.",
    import_refused: "Some lines are wrong, so nothing was written. Correct them and try again.",
    import_done: "Imported.",
    import_dry_ok: "The check passed; nothing is written yet.",
    import_errors: "Lines refused",
    import_line: "Line",
    import_column: "Column",
    import_reason: "Reason",
    import_flagged: "These credit codes were kept but need review (check character, not a civil-affairs code, or another form):",
    import_progress: "Import progress",
    import_checking: "Checking: {done} of {total} lines",
    import_writing: "All {total} lines checked; writing them in one go…",
    import_written: "Writing: {done} of {total} lines (they take effect together at the end)",
    import_interrupted: "The import was interrupted (the server handling it stopped). Nothing was written. Please import again.",
    import_failed: "The database did not accept the write. Nothing was written. Please try again later.",
    by_distance: "Sort by distance from me",
    locating: "Finding your location…",
    location_failed: "Could not get your location. You can choose a district instead.",
    distance: "about {km} km",
    location_note: "Your location is used on this phone only, to work out distances; it is never sent.",
    any_form: "All legal forms",
    grade_at_least: "Current grade at least",
    any_grade: "Any",
    active_only: "Only active organisations",
    sort_by: "Sort by",
    status_title: "Change the registration status",
    status_hint: "Once revoked or dissolved, every look-up tells residents not to donate.",
    status_code: "Unified social credit code",
    status_new: "New status",
    status_date: "Date of the change",
    status_save: "Save",
    status_saved: "Saved: {name} is now “{status}”.",
};

pub fn cm(lang: Lang) -> &'static CMsgs {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// The plain-words answer at the top of the trust card.
pub fn verdict(lang: Lang, v: Verdict) -> (&'static str, &'static str) {
    match (lang, v) {
        (Lang::Zh, Verdict::MayFundraise) => ("已登记，正常活动，可以公开募捐", "ok"),
        (Lang::Zh, Verdict::NoPublicFundraising) => {
            ("已登记，但没有公开募捐资格：不能自己在街头或网上向公众募捐", "warn")
        }
        (Lang::Zh, Verdict::Revoked) => ("已被撤销登记：请不要捐款", "bad"),
        (Lang::Zh, Verdict::Dissolved) => ("已注销：请不要捐款", "bad"),
        (Lang::En, Verdict::MayFundraise) => {
            ("Registered, active, and may raise funds from the public", "ok")
        }
        (Lang::En, Verdict::NoPublicFundraising) => (
            "Registered, but not qualified to fundraise from the public: it may not collect in the street or online itself",
            "warn",
        ),
        (Lang::En, Verdict::Revoked) => ("Registration revoked: do not donate", "bad"),
        (Lang::En, Verdict::Dissolved) => ("Dissolved: do not donate", "bad"),
    }
}

/// A few words for a result line.
pub fn verdict_short(lang: Lang, v: Verdict) -> &'static str {
    match (lang, v) {
        (Lang::Zh, Verdict::MayFundraise) => "已登记 · 可以公开募捐",
        (Lang::Zh, Verdict::NoPublicFundraising) => "已登记 · 没有公开募捐资格",
        (Lang::Zh, Verdict::Revoked) => "已撤销登记",
        (Lang::Zh, Verdict::Dissolved) => "已注销",
        (Lang::En, Verdict::MayFundraise) => "Registered · may fundraise from the public",
        (Lang::En, Verdict::NoPublicFundraising) => "Registered · no public fundraising",
        (Lang::En, Verdict::Revoked) => "Registration revoked",
        (Lang::En, Verdict::Dissolved) => "Dissolved",
    }
}

pub fn warning(lang: Lang, w: Warning) -> &'static str {
    match (lang, w) {
        (Lang::Zh, Warning::ReportOverdue) => "年度报告逾期未公开",
        (Lang::Zh, Warning::CampaignDisclosureOverdue) => "有募捐活动逾期未公开进展",
        (Lang::Zh, Warning::GradeExpired) => "评估等级已过期",
        (Lang::Zh, Warning::UnderReview) => "民政局正在核对这条登记信息",
        (Lang::En, Warning::ReportOverdue) => "Annual report overdue",
        (Lang::En, Warning::CampaignDisclosureOverdue) => "A campaign is late with its disclosures",
        (Lang::En, Warning::GradeExpired) => "Assessment grade has expired",
        (Lang::En, Warning::UnderReview) => "The bureau is checking this entry",
    }
}

pub fn form(lang: Lang, f: OrgForm) -> &'static str {
    match lang {
        Lang::Zh => f.zh(),
        Lang::En => match f {
            OrgForm::Foundation => "Foundation",
            OrgForm::Association => "Association",
            OrgForm::SocialService => "Social-service organisation",
        },
    }
}

pub fn field(lang: Lang, f: Field) -> &'static str {
    match lang {
        Lang::Zh => f.zh(),
        Lang::En => match f {
            Field::PovertyRelief => "Poverty relief",
            Field::Elderly => "Elderly",
            Field::Disability => "Disability",
            Field::Orphans => "Orphans",
            Field::Education => "Education",
            Field::Medical => "Medical",
            Field::Disaster => "Disaster relief",
            Field::Environment => "Environment",
            Field::Culture => "Culture",
            Field::Other => "Other",
        },
    }
}

pub fn status(lang: Lang, s: OrgStatus) -> &'static str {
    match (lang, s) {
        (Lang::Zh, OrgStatus::Active) => "正常",
        (Lang::Zh, OrgStatus::Revoked) => "已撤销登记",
        (Lang::Zh, OrgStatus::Dissolved) => "已注销",
        (Lang::En, OrgStatus::Active) => "Active",
        (Lang::En, OrgStatus::Revoked) => "Revoked",
        (Lang::En, OrgStatus::Dissolved) => "Dissolved",
    }
}

pub fn campaign_state(lang: Lang, s: CampaignState) -> &'static str {
    match (lang, s) {
        (Lang::Zh, CampaignState::NotStarted) => "尚未开始",
        (Lang::Zh, CampaignState::Running) => "正在进行",
        (Lang::Zh, CampaignState::Ended) => "已结束",
        (Lang::En, CampaignState::NotStarted) => "Not started",
        (Lang::En, CampaignState::Running) => "Running now",
        (Lang::En, CampaignState::Ended) => "Ended",
    }
}

pub fn shop_kind(lang: Lang, k: ShopKind) -> &'static str {
    match (lang, k) {
        (Lang::Zh, ShopKind::CharityShop) => "慈善超市",
        (Lang::Zh, ShopKind::DonationPoint) => "捐助点",
        (Lang::En, ShopKind::CharityShop) => "Charity shop",
        (Lang::En, ShopKind::DonationPoint) => "Donation point",
    }
}

pub fn date(lang: Lang, d: Date) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月{}日", d.year, d.month, d.day),
        Lang::En => d.to_string(),
    }
}

const DAYS_ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const DAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn hm(m: u16) -> String {
    format!("{}:{:02}", m / 60, m % 60)
}

/// "周一至周五 9:00–17:00；周六 9:00–12:00": runs of weekdays with the same hours.
pub fn hours(lang: Lang, list: &[Opening]) -> String {
    let names = if lang == Lang::Zh { DAYS_ZH } else { DAYS_EN };
    let mut sorted = list.to_vec();
    sorted.sort_by_key(|o| (o.open_min, o.close_min, o.weekday));
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let (start, times) = (sorted[i], (sorted[i].open_min, sorted[i].close_min));
        let mut end = start.weekday;
        while i + 1 < sorted.len()
            && (sorted[i + 1].open_min, sorted[i + 1].close_min) == times
            && sorted[i + 1].weekday == end + 1
        {
            i += 1;
            end += 1;
        }
        let day = |w: u8| names[usize::from(w.clamp(1, 7)) - 1];
        let days = match (lang, start.weekday == end) {
            (_, true) => day(end).to_owned(),
            (Lang::Zh, false) => format!("{}至{}", day(start.weekday), day(end)),
            (Lang::En, false) => format!("{}–{}", day(start.weekday), day(end)),
        };
        parts.push(format!("{days} {}–{}", hm(times.0), hm(times.1)));
        i += 1;
    }
    parts.join(if lang == Lang::Zh { "；" } else { "; " })
}

pub fn sort(lang: Lang, o: SortOrder) -> &'static str {
    match (lang, o) {
        (Lang::Zh, SortOrder::Name) => "按名称拼音",
        (Lang::Zh, SortOrder::Grade) => "按评估等级（高的在前）",
        (Lang::Zh, SortOrder::Newest) => "按登记时间（新的在前）",
        (Lang::En, SortOrder::Name) => "Name (pinyin)",
        (Lang::En, SortOrder::Grade) => "Grade, highest first",
        (Lang::En, SortOrder::Newest) => "Most recently registered",
    }
}
