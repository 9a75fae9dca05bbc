//! The message catalogue. Every user-visible string lives here, once per language; a field
//! missing from one language is a compile error, so nothing ships half-translated.

use portal_api::ErrorCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The colon after a label: full-width in Chinese, `": "` in English (a full-width colon
    /// in an English sentence looks like a typo).
    pub fn colon(self) -> &'static str {
        match self {
            Lang::Zh => "：",
            Lang::En => ": ",
        }
    }

    /// BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The value kept in local storage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    pub fn msgs(self) -> &'static Msgs {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

pub struct Msgs {
    pub site_name: &'static str,
    pub site_owner: &'static str,
    pub skip_link: &'static str,
    pub nav_account: &'static str,
    pub nav_sign_in: &'static str,
    pub signed_out_notice: &'static str,
    /// The language switch shows the language it switches to, in that language.
    pub switch_lang: &'static str,
    pub switch_lang_label: &'static str,
    pub elder_on: &'static str,
    pub elder_label: &'static str,
    pub main_nav: &'static str,
    pub home: &'static str,
    pub home_title: &'static str,
    pub home_intro: &'static str,
    pub booking: &'static str,
    pub booking_desc: &'static str,
    pub benefits: &'static str,
    pub benefits_desc: &'static str,
    pub volunteering: &'static str,
    pub volunteering_desc: &'static str,
    pub charities: &'static str,
    pub charities_desc: &'static str,
    /// The charity shops page's title (shops and donation points, not organisations).
    pub charity_shops: &'static str,
    pub regions_title: &'static str,
    pub regions_empty: &'static str,
    pub demo_badge: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    pub coming_soon_title: &'static str,
    pub coming_soon_body: &'static str,
    pub back_home: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub footer_demo: &'static str,
    pub version: &'static str,
    pub err_network: &'static str,
    /// In a part of the page that could not load for want of a network (the message is above).
    pub offline_part: &'static str,
    pub err_decode: &'static str,
    pub err_malformed_body: &'static str,
    pub err_validation: &'static str,
    pub err_unsupported_media_type: &'static str,
    pub err_payload_too_large: &'static str,
    pub err_not_found: &'static str,
    pub err_method_not_allowed: &'static str,
    pub err_timeout: &'static str,
    pub err_conflict: &'static str,
    pub err_unavailable: &'static str,
    pub err_internal: &'static str,
    pub err_unauthenticated: &'static str,
    pub err_forbidden: &'static str,
    pub err_rate_limited: &'static str,
    pub err_code_wrong: &'static str,
    pub err_code_expired: &'static str,
    pub err_code_too_many_tries: &'static str,
    pub err_real_name_locked: &'static str,
    pub err_id_in_use: &'static str,
    pub err_identity_unverified: &'static str,
    pub err_uri_too_long: &'static str,
    pub retry_in: &'static str,
    pub err_cross_site: &'static str,
    pub err_real_name_required: &'static str,
    pub err_slot_full: &'static str,
    pub err_already_booked: &'static str,
    pub err_booking_closed: &'static str,
    pub err_booking_blocked: &'static str,
    pub err_charity_not_found: &'static str,
    pub err_campaign_not_filed: &'static str,
    /// Volunteering's problem codes, worded in `volunteering::text`.
    pub err_volunteering: fn(ErrorCode) -> &'static str,
}

impl Msgs {
    /// The message for a problem-details `code` from the server.
    pub fn problem(&self, code: ErrorCode) -> &'static str {
        match code {
            ErrorCode::MalformedBody => self.err_malformed_body,
            ErrorCode::Validation => self.err_validation,
            ErrorCode::UnsupportedMediaType => self.err_unsupported_media_type,
            ErrorCode::PayloadTooLarge => self.err_payload_too_large,
            ErrorCode::NotFound => self.err_not_found,
            ErrorCode::MethodNotAllowed => self.err_method_not_allowed,
            ErrorCode::Timeout => self.err_timeout,
            ErrorCode::Conflict => self.err_conflict,
            ErrorCode::Unavailable => self.err_unavailable,
            ErrorCode::Internal => self.err_internal,
            ErrorCode::Unauthenticated => self.err_unauthenticated,
            ErrorCode::Forbidden => self.err_forbidden,
            ErrorCode::RateLimited => self.err_rate_limited,
            ErrorCode::CodeWrong => self.err_code_wrong,
            ErrorCode::CodeExpired => self.err_code_expired,
            ErrorCode::CodeTooManyTries => self.err_code_too_many_tries,
            ErrorCode::RealNameLocked => self.err_real_name_locked,
            ErrorCode::IdInUse => self.err_id_in_use,
            ErrorCode::IdentityUnverified => self.err_identity_unverified,
            ErrorCode::UriTooLong => self.err_uri_too_long,
            ErrorCode::CrossSite => self.err_cross_site,
            ErrorCode::RealNameRequired => self.err_real_name_required,
            ErrorCode::SlotFull => self.err_slot_full,
            ErrorCode::AlreadyBooked => self.err_already_booked,
            ErrorCode::BookingClosed => self.err_booking_closed,
            ErrorCode::BookingBlocked => self.err_booking_blocked,
            ErrorCode::CharityNotFound => self.err_charity_not_found,
            ErrorCode::CampaignNotFiled => self.err_campaign_not_filed,
            ErrorCode::VolunteerRequired
            | ErrorCode::AlreadySignedUp
            | ErrorCode::ShiftOverlap
            | ErrorCode::ShiftClosed
            | ErrorCode::CheckInCodeWrong
            | ErrorCode::OutsideCheckWindow
            | ErrorCode::NotCheckedIn
            | ErrorCode::AlreadyDecided
            | ErrorCode::OwnHours
            | ErrorCode::GuardianRequired
            | ErrorCode::TooYoung => (self.err_volunteering)(code),
        }
    }
}

pub static ZH: Msgs = Msgs {
    site_name: "民政便民服务",
    site_owner: "市民政局",
    skip_link: "跳到主要内容",
    nav_account: "我的",
    nav_sign_in: "登录",
    signed_out_notice: "这一页需要先登录。登录后会回到这里。",
    switch_lang: "English",
    switch_lang_label: "Switch to English",
    elder_on: "长辈版",
    elder_label: "长辈版：大字体、大按钮，再点一次恢复标准版",
    main_nav: "主要服务",
    home: "首页",
    home_title: "民政便民服务",
    home_intro: "在手机上办理民政事务，少跑腿、不排队。请选择您要办理的事项。",
    booking: "婚姻登记预约",
    booking_desc: "预约结婚、离婚登记或补领证件，全市任一登记处都能办。",
    benefits: "救助自测",
    benefits_desc: "回答几个问题，看看家里能申请哪些救助，大概多少钱。",
    volunteering: "志愿服务",
    volunteering_desc: "报名志愿活动，查看服务时长、星级和证书。",
    charities: "慈善查询",
    charity_shops: "慈善超市和捐助点",
    charities_desc: "查慈善组织是否登记、能否公开募捐，核对募捐备案编号，找慈善超市和捐助点。",
    regions_title: "服务地区",
    regions_empty: "暂时还没有开通服务的地区。",
    demo_badge: "演示",
    loading: "正在加载…",
    retry: "重试",
    coming_soon_title: "即将上线",
    coming_soon_body: "这项服务正在建设中。现在办理，请拨打 12345 政务服务热线，或前往所在街道（乡镇）社区事务受理服务中心。",
    back_home: "返回首页",
    not_found_title: "找不到这个页面",
    not_found_body: "您打开的地址不存在，可能输错了或已经更改。",
    footer_demo: "本站当前使用演示数据，不是任何民政部门的正式信息。",
    version: "版本",
    err_network: "网络连接失败。请检查手机网络后点“重试”。",
    offline_part: "未能连接，请看页面上方的提示。",
    err_decode: "服务返回了无法识别的内容，请稍后再试。",
    err_malformed_body: "提交的内容格式不对，请刷新页面后重新填写。",
    err_validation: "有些内容填写得不对，请按提示修改。",
    err_unsupported_media_type: "提交的内容格式不对，请刷新页面后重新填写。",
    err_payload_too_large: "提交的内容太大，请精简后再试。",
    err_not_found: "没有找到您要的内容。",
    err_method_not_allowed: "无法完成这个操作，请刷新页面后再试。",
    err_timeout: "服务响应太慢，请稍后再试。",
    err_conflict: "这条记录已经存在，或刚被别人修改过。",
    err_unavailable: "服务正忙，请稍后再试。",
    err_internal: "服务出了点问题，我们已经记录。请稍后再试。",
    err_unauthenticated: "请先登录。登录已过期的，请重新登录。",
    err_forbidden: "您没有权限查看或修改这项内容。",
    err_rate_limited: "操作太频繁了，请稍后再试。",
    err_code_wrong: "验证码不对，请核对短信后重新输入。",
    err_code_expired: "验证码已过期或已用过，请重新获取。",
    err_code_too_many_tries: "验证码输错次数太多，请重新获取。",
    err_real_name_locked: "实名信息已经登记，不能自行修改。如需更正，请携带身份证到民政部门办理。",
    err_id_in_use: "这个身份证号无法在网上登记。请带身份证到民政部门窗口办理。",
    err_uri_too_long: "输入的内容太长了，请缩短后再试。",
    retry_in: "请在 {n} 秒后重试。",
    err_identity_unverified: "您的身份还没有核验，暂时不能办理这一步。请在“我的”里重新核验，或带身份证到婚姻登记处窗口核验。",
    err_cross_site: "请求来自其他网站，已被拒绝。请直接从本站操作。",
    err_real_name_required: "请先完成实名登记，再办理这项业务。",
    err_slot_full: "这个时段刚刚约满了。请从下面的空余时段中另选一个。",
    err_already_booked: "其中一方已经有一个有效的同类预约。请先在“我的预约”中取消或改期。",
    err_booking_closed: "这个预约已经过期、失效或取消，请重新预约。",
    err_booking_blocked: "30 天内有 2 次预约未到，暂时不能预约。到期后即可再约。",
    err_charity_not_found: "登记库里没有这个统一社会信用代码的组织。请核对代码；以它的名义募捐要当心。",
    err_campaign_not_filed: "没有查到这个备案编号的募捐活动。请当心，可拨打 12345 咨询。",
    err_volunteering: crate::volunteering::text::problem_zh,
};

pub static EN: Msgs = Msgs {
    site_name: "Civil Affairs Services",
    site_owner: "City Civil Affairs Bureau",
    skip_link: "Skip to main content",
    nav_account: "Me",
    nav_sign_in: "Sign in",
    signed_out_notice: "Please sign in to see this page. You will come straight back here.",
    switch_lang: "中文",
    switch_lang_label: "切换到中文",
    elder_on: "Large text",
    elder_label: "Large text and large buttons; tap again for the standard size",
    main_nav: "Main services",
    home: "Home",
    home_title: "Civil Affairs Services",
    home_intro: "Civil-affairs services on your phone, with no queue. Choose what you need.",
    booking: "Marriage registration",
    booking_desc: "Book a marriage or divorce registration, or a certificate re-issue, at any office in the city.",
    benefits: "Benefit self-check",
    benefits_desc: "Answer a few questions to see which assistance your household may get, and roughly how much.",
    volunteering: "Volunteering",
    volunteering_desc: "Join activities and see your verified hours, star level and certificates.",
    charities: "Charity lookup",
    charity_shops: "Charity shops and donation points",
    charities_desc: "Check a charity is registered and may fundraise, verify a fundraising filing number, find charity shops and donation points.",
    regions_title: "Areas served",
    regions_empty: "No areas are served yet.",
    demo_badge: "Demo",
    loading: "Loading…",
    retry: "Try again",
    coming_soon_title: "Coming soon",
    coming_soon_body: "This service is being built. For now, call the 12345 government hotline or visit your street (township) community service centre.",
    back_home: "Back to home",
    not_found_title: "Page not found",
    not_found_body: "The address you opened does not exist. It may be mistyped or may have changed.",
    footer_demo: "This site is showing demo data. It is not official information of any bureau.",
    version: "Version",
    err_network: "Could not reach the service. Check your phone's connection and tap “Try again”.",
    offline_part: "Not connected: see the message at the top of the page.",
    err_decode: "The service sent something we could not read. Please try again later.",
    err_malformed_body: "What was sent was not in the right format. Reload the page and fill it in again.",
    err_validation: "Some answers are not valid. Please correct them as shown.",
    err_unsupported_media_type: "What was sent was not in the right format. Reload the page and fill it in again.",
    err_payload_too_large: "What you sent is too large. Please shorten it and try again.",
    err_not_found: "We could not find what you asked for.",
    err_method_not_allowed: "That action is not possible here. Reload the page and try again.",
    err_timeout: "The service took too long to answer. Please try again shortly.",
    err_conflict: "This record already exists, or someone has just changed it.",
    err_unavailable: "The service is busy. Please try again shortly.",
    err_internal: "Something went wrong on our side and it has been logged. Please try again later.",
    err_unauthenticated: "Please sign in. If you were signed in, your session has ended.",
    err_forbidden: "You do not have permission to see or change this.",
    err_rate_limited: "Too many attempts. Please wait a little and try again.",
    err_code_wrong: "That code is wrong. Check the text message and enter it again.",
    err_code_expired: "That code has expired or was already used. Ask for a new one.",
    err_code_too_many_tries: "Too many wrong codes. Ask for a new one.",
    err_real_name_locked: "Your real name is already registered and cannot be changed here. To correct it, bring your ID card to the bureau.",
    err_id_in_use: "This ID number cannot be registered online. Please bring your ID card to a civil-affairs counter.",
    err_uri_too_long: "What you typed is too long. Please shorten it and try again.",
    retry_in: "Please try again in {n} seconds.",
    err_identity_unverified: "Your identity is not verified yet, so this step is not possible. Verify it again under My account, or bring your ID card to a registry counter.",
    err_cross_site: "The request came from another website and was refused. Please use this site directly.",
    err_real_name_required: "Please register your real name first.",
    err_slot_full: "That time has just been fully booked. Please choose one of the free times below.",
    err_already_booked: "One of you already has an active booking for this service. Cancel or reschedule it in My bookings first.",
    err_booking_closed: "This booking has expired, lapsed or been cancelled. Please book again.",
    err_booking_blocked: "Two missed appointments within 30 days: booking is paused for now. You can book again when the pause ends.",
    err_charity_not_found: "No organisation with this credit code is on the register. Check the code, and be careful with appeals in its name.",
    err_campaign_not_filed: "No filed fundraising campaign has this number. Be careful; you can call 12345 to ask.",
    err_volunteering: crate::volunteering::text::problem_en,
};
