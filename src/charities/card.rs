//! `/charities/org/:code`: the trust card. A plain-words verdict first (registered? may it
//! fundraise from the public?), then what a donor should know (overdue reports, late campaign
//! disclosures, an expired grade), then the register entry, reports, campaigns and contact.

use super::text::{self, cm};
use super::use_c;
use crate::api;
use crate::ui::i18n::Lang;
use crate::ui::prefs::{use_prefs, use_t, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use portal_api::charities::rules::campaign_state;
use portal_api::charities::{Campaign, CampaignState, ReportStatus, TrustCard};

#[component]
pub fn OrgPage() -> impl IntoView {
    let c = use_c();
    use_title(|m| m.charities);
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let card = LocalResource::new(move || {
        let code = code();
        async move { api::charity(&code).await }
    });
    view! {
        <div class="page charities">
            <A href="/charities" attr:class="back-link">"‹ " {move || c().back_to_search}</A>
            <Transition fallback=|| view! { <Loading /> }>
                {move || card.get().map(|r| match r {
                    Err(e) => view! {
                        <h1>{move || c().title}</h1>
                        <ErrorNotice error=e on_retry=move |()| card.refetch() />
                    }.into_any(),
                    Ok(card) => view! { <Card card=card /> }.into_any(),
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Card(card: TrustCard) -> impl IntoView {
    let c = use_c();
    let t = use_t();
    let lang = use_prefs().lang;
    let TrustCard { charity: o, summary: s } = card;
    let verdict = s.verdict;
    let warnings = s.warnings.clone();
    let demo = o.demo;
    let fundraising = o.public_fundraising_since;
    let grade = s.grade.map(|g| (g.label(), s.grade_expires, s.grade_current));
    let reports = s.reports;
    let last = s.last_report_year.zip(s.last_report_on);
    let fields = o.fields.clone();
    let former = o.former_names.join("、");
    view! {
        <h1>{o.name.clone()} <Show when=move || demo>" "<span class="badge">{move || t().demo_badge}</span></Show></h1>
        <div class=move || format!("verdict {}", text::verdict(lang.get(), verdict).1) role="status" data-verdict=format!("{verdict:?}")>
            <p class="verdict-text">{move || text::verdict(lang.get(), verdict).0}</p>
            {(!warnings.is_empty()).then(|| view! {
                <ul class="warnings">
                    {warnings.iter().map(|w| {
                        let w = *w;
                        view! { <li>{move || text::warning(lang.get(), w)}</li> }
                    }).collect_view()}
                </ul>
            })}
        </div>
        <p class="hint">{move || c().careful}</p>
        <section aria-labelledby="org-details">
            <h2 id="org-details">{move || c().details}</h2>
            <dl class="facts">
                <dt>{move || c().credit_code}</dt><dd class="code">{o.credit_code.clone()}</dd>
                <dt>{move || c().status}</dt>
                <dd>{move || text::status(lang.get(), o.status)}{o.status_on.map(|d| move || format!(" ({})", text::date(lang.get(), d)))}</dd>
                <dt>{move || c().fundraising}</dt>
                <dd>{move || match fundraising {
                    Some(d) => c().fundraising_since.replace("{date}", &text::date(lang.get(), d)),
                    None => c().no_fundraising.to_owned(),
                }}</dd>
                <dt>{move || c().grade}</dt>
                <dd>{move || match &grade {
                    Some((g, Some(until), true)) => c().grade_valid_until.replace("{grade}", g).replace("{date}", &text::date(lang.get(), *until)),
                    Some((g, Some(until), false)) => c().grade_expired_on.replace("{grade}", g).replace("{date}", &text::date(lang.get(), *until)),
                    Some((g, None, _)) => g.clone(),
                    None => c().no_grade.to_owned(),
                }}</dd>
                <dt>{move || c().form}</dt><dd>{move || text::form(lang.get(), o.form)}</dd>
                <dt>{move || c().authority}</dt><dd>{o.registration_authority.clone()}</dd>
                <dt>{move || c().registered_on}</dt><dd>{move || text::date(lang.get(), o.registered_on)}</dd>
                <dt>{move || c().fields_label}</dt>
                <dd>{move || fields.iter().map(|f| text::field(lang.get(), *f)).collect::<Vec<_>>().join(if lang.get() == Lang::Zh { "、" } else { ", " })}</dd>
                {(!former.is_empty()).then(|| view! { <dt>{move || c().former_names}</dt><dd>{former.clone()}</dd> })}
            </dl>
        </section>
        <section aria-labelledby="org-reports">
            <h2 id="org-reports">{move || c().reports}</h2>
            <p class=move || if matches!(reports, ReportStatus::Overdue { .. }) { "state error" } else { "state notice" }>
                {move || report_line(lang.get(), reports)}
            </p>
            {last.map(|(y, d)| view! {
                <p class="hint">{move || c().last_report.replace("{year}", &y.to_string()).replace("{date}", &text::date(lang.get(), d))}</p>
            })}
        </section>
        <section aria-labelledby="org-campaigns">
            <h2 id="org-campaigns">{move || c().campaigns}</h2>
            {if o.campaigns.is_empty() {
                view! { <p class="state empty">{move || c().no_campaigns}</p> }.into_any()
            } else {
                view! {
                    <ul class="card-list">
                        {o.campaigns.into_iter().map(|k| {
                            let running = s.running_campaigns.contains(&k.filing_number);
                            let overdue = s.overdue_campaigns.contains(&k.filing_number);
                            view! { <CampaignItem k=k running=running overdue=overdue /> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="org-contact">
            <h2 id="org-contact">{move || c().contact}</h2>
            <dl class="facts">
                <dt>{move || c().phone}</dt><dd><a href=format!("tel:{}", o.phone)>{o.phone.clone()}</a></dd>
                <dt>{move || c().address}</dt><dd>{o.address.clone()}</dd>
                {(!o.website.is_empty()).then(|| view! { <dt>{move || c().website}</dt><dd>{o.website.clone()}</dd> })}
            </dl>
        </section>
    }
}

fn report_line(lang: Lang, r: ReportStatus) -> String {
    let m = cm(lang);
    match r {
        ReportStatus::NotYetDue => m.report_not_due.to_owned(),
        ReportStatus::OnTime { year } => m.report_on_time.replace("{year}", &year.to_string()),
        ReportStatus::Overdue { year, deadline } => m
            .report_overdue
            .replace("{year}", &year.to_string())
            .replace("{date}", &text::date(lang, deadline)),
    }
}

#[component]
fn CampaignItem(k: Campaign, running: bool, overdue: bool) -> impl IntoView {
    let c = use_c();
    let lang = use_prefs().lang;
    // The server's summary says what runs today; otherwise the phone's date tells before/after.
    let state = if running {
        CampaignState::Running
    } else {
        match campaign_state(&k, crate::booking::office_today()) {
            CampaignState::Running => CampaignState::Ended,
            other => other,
        }
    };
    view! {
        <li class="card">
            <p class="service-name">{k.name.clone()}</p>
            <p>{move || text::campaign_state(lang.get(), state)}
                <Show when=move || overdue>" · "<strong class="overdue">{move || c().overdue}</strong></Show>
            </p>
            <dl class="facts">
                <dt>{move || c().filing_number}</dt><dd class="code">{k.filing_number.clone()}</dd>
                <dt>{move || c().period}</dt>
                <dd>{move || format!("{} – {}", text::date(lang.get(), k.starts_on), text::date(lang.get(), k.ends_on))}</dd>
                {(!k.platform.is_empty()).then(|| view! { <dt>{move || c().platform}</dt><dd>{k.platform.clone()}</dd> })}
            </dl>
        </li>
    }
}
