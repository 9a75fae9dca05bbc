//! The certificate as a file the holder downloads: one self-contained HTML page (inline
//! styles, the verify QR code as inline SVG, no scripts, no outside resources) laid out for A4,
//! which any phone or computer opens and prints or saves as PDF. A PDF made on the server
//! would have to embed a CJK font (megabytes per file, or a font shipped with the server);
//! the browser that opens the file already has one. Nothing is added to the app's wasm.

use super::checks;
use super::db;
use crate::AppState;
use crate::account::auth::Resident;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use html_escape::encode_text as esc;
use portal_api::Problem;
use portal_api::volunteering::{
    Category, CertificateLine, format_certificate_code, hours_text, parse_certificate_code,
};

fn category_zh(c: Category) -> &'static str {
    match c {
        Category::ElderCare => "助老",
        Category::Disability => "助残",
        Category::Children => "关爱儿童",
        Category::Community => "社区治理",
        Category::Environment => "环保",
        Category::Culture => "文化",
        Category::Emergency => "应急",
    }
}

const STYLE: &str = "@page{size:A4;margin:18mm}body{font-family:'Noto Sans CJK SC','PingFang SC',\
'Microsoft YaHei',sans-serif;color:#111;max-width:174mm;margin:0 auto;padding:12px;\
line-height:1.5;font-size:15px}h1{text-align:center;font-size:26px;margin:8px 0 0}\
.en{color:#444;font-size:.85em}.sub{text-align:center;margin:0 0 16px}dl{display:grid;\
grid-template-columns:auto 1fr;gap:4px 16px;margin:12px 0}dt{color:#444}dt .en,th .en{display:block}\
dd{margin:0;overflow-wrap:anywhere}\
table{width:100%;border-collapse:collapse;margin:12px 0}th,td{border:1px solid #999;\
padding:6px;text-align:left;vertical-align:top}td.h,th.h{text-align:right;white-space:nowrap}\
.foot{display:flex;flex-wrap:wrap;gap:16px;align-items:center;margin-top:16px}.foot dl{flex:1 1 15em}\
.foot svg{width:34mm;height:34mm;flex:none}.revoked{border:3px solid #b00;color:#b00;padding:8px;font-weight:bold;\
text-align:center}.note{font-size:13px;color:#444;overflow-wrap:anywhere}";

/// The HTML of a certificate; `verify_url` is the public verify page of this certificate.
pub fn html(c: &db::CertificateRow, verify_url: &str) -> Result<String, AppError> {
    let lines: Vec<CertificateLine> = serde_json::from_str(&c.lines).unwrap_or_default();
    let qr = qrcode::QrCode::new(verify_url.as_bytes())
        .map_err(|e| AppError::Internal(e.to_string()))?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(160, 160)
        .build();
    // The renderer starts with an XML declaration, which is not allowed inside HTML.
    let qr = qr.find("<svg").map(|i| &qr[i..]).unwrap_or("");
    let code = format_certificate_code(&c.code);
    let mut rows = String::new();
    for l in &lines {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}<br><span class=en>{} · {}</span></td><td class=h>{}</td></tr>",
            l.day,
            esc(&l.activity),
            esc(&l.org_name),
            category_zh(l.category),
            hours_text(l.half_hours)
        ));
    }
    let revoked = match &c.revoked_on {
        Some(day) => format!(
            "<p class=revoked>本证明已于 {day} 由出具单位撤销，不再有效。\
             <span class=en>Revoked by the issuer on {day}; no longer valid.</span></p>"
        ),
        None => String::new(),
    };
    Ok(format!(
        "<!doctype html><html lang=zh-CN><head><meta charset=utf-8>\
<meta name=viewport content=\"width=device-width,initial-scale=1\">\
<title>志愿服务记录证明 {code}</title><style>{STYLE}</style></head><body>{revoked}\
<h1>志愿服务记录证明</h1><p class=\"sub en\">Certificate of volunteer service records</p>\
<p>兹证明以下志愿者在下列期间参加志愿服务，记录如下（依据《志愿服务记录与证明出具办法（试行）》，\
由记录单位出具）。<span class=en>The volunteer below served as recorded; each line is certified \
by the organisation that recorded it.</span></p>\
<dl><dt>姓名 <span class=en>Name</span></dt><dd>{name}</dd>\
<dt>身份证号 <span class=en>ID number</span></dt><dd>{masked_id}</dd>\
<dt>志愿者编号 <span class=en>Volunteer number</span></dt><dd>{number}</dd>\
<dt>服务期间 <span class=en>Period</span></dt><dd>{from} – {to}</dd></dl>\
<table><thead><tr><th>日期 <span class=en>Date</span></th><th>服务内容 <span class=en>Activity\
</span></th><th class=h>时长（小时）<span class=en>Hours</span></th></tr></thead><tbody>{rows}\
</tbody><tfoot><tr><th colspan=2>合计 <span class=en>Total</span></th><td class=h>{total}</td>\
</tr></tfoot></table>\
<div class=foot>{qr}<dl><dt>出具单位 <span class=en>Issuer</span></dt><dd>{issuer}</dd>\
<dt>证明编号 <span class=en>Certificate no.</span></dt><dd><strong>{code}</strong></dd>\
<dt>出具日期 <span class=en>Issued on</span></dt><dd>{issued}</dd></dl></div>\
<p class=note>扫码或打开 {url} 核验本证明是否有效。<span class=en>Scan the code or open the address \
to check that this certificate is genuine and still valid.</span></p></body></html>",
        name = esc(&c.name),
        masked_id = esc(&c.masked_id),
        number = esc(&c.volunteer_number),
        from = c.from_day,
        to = c.to_day,
        total = hours_text(c.total_half_hours as u32),
        issuer = esc(&c.issuer),
        issued = c.issued_on,
        url = esc(verify_url),
    ))
}

/// The holder downloads their certificate as one printable HTML file (A4).
#[utoipa::path(get, path = "/api/volunteering/me/certificates/{code}/file", tag = "volunteering",
    params(("code" = String, Path)),
    responses((status = 200, content_type = "text/html", body = String,
        description = "an attachment: a self-contained printable page"),
        (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn download(
    State(state): State<AppState>,
    Resident(s): Resident,
    Path(code): Path<String>,
    headers: axum::http::HeaderMap,
) -> AppResult<Response> {
    let c = match parse_certificate_code(&code) {
        Some(code) => db::certificate(&state.db.pool, &code).await?,
        None => None,
    }
    .filter(|c| c.account_id == s.account_id)
    .ok_or_else(|| AppError::not_found("no such certificate of yours"))?;
    let url = checks::site_url(&state, &headers, &format!("/volunteering/verify/{}", c.code));
    let body = html(&c, &url)?;
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"volunteer-certificate-{}.html\"",
        format_certificate_code(&c.code)
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}
