//! `/charities/check`: "check a donation request". The resident pastes a link or the text under
//! a QR code, or types a filing number, a credit code or a name; the page answers in plain
//! words from the register. It never says "genuine": at best "this campaign is filed by this
//! charity", and otherwise "be careful, ask 12345".

use super::text::{self, cm};
use super::use_c;
use crate::api::{self, ApiError};
use crate::ui::i18n::Lang;
use crate::ui::prefs::{use_prefs, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use portal_api::ErrorCode;
use portal_api::charities::search::{MAX_APPEAL_TEXT, identifiers_in};
use portal_api::charities::{CampaignCheck, CharitySummary, QueryKind, SearchQuery, TrustCard};

/// What the register says about one thing found in the appeal.
#[derive(Clone)]
enum Finding {
    Filed(CampaignCheck),
    NotFiled(String),
    Organisation(Box<TrustCard>),
    UnknownCode(String),
    Names(Vec<CharitySummary>),
}

async fn look_up(kind: QueryKind) -> Result<Option<Finding>, ApiError> {
    let not = |e: &ApiError, code| e.code() == Some(code);
    Ok(Some(match kind {
        QueryKind::FilingNumber(f) => match api::charity_campaign(&f).await {
            Ok(c) => Finding::Filed(c),
            Err(e) if not(&e, ErrorCode::CampaignNotFiled) || not(&e, ErrorCode::Validation) => {
                Finding::NotFiled(f)
            }
            Err(e) => return Err(e),
        },
        QueryKind::CreditCode(c) => match api::charity(&c).await {
            Ok(card) => Finding::Organisation(Box::new(card)),
            Err(e) if not(&e, ErrorCode::CharityNotFound) => Finding::UnknownCode(c),
            Err(e) => return Err(e),
        },
        QueryKind::Name(n) | QueryKind::Pinyin(n) => {
            let q = SearchQuery { q: Some(n), ..SearchQuery::default() };
            Finding::Names(api::charities(&q).await?.items.into_iter().take(5).collect())
        }
        QueryKind::Empty => return Ok(None),
    }))
}

#[component]
pub fn CheckPage() -> impl IntoView {
    let c = use_c();
    use_title(|m| m.charities);
    let text = RwSignal::new(String::new());
    let findings: RwSignal<Option<Result<Vec<Finding>, ApiError>>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let run = move || {
        let kinds = identifiers_in(&text.get_untracked());
        busy.set(true);
        spawn_local(async move {
            let mut out = Vec::new();
            let mut failed = None;
            for k in kinds {
                match look_up(k).await {
                    Ok(Some(f)) => out.push(f),
                    Ok(None) => {}
                    Err(e) => failed = Some(e),
                }
            }
            findings.set(Some(match failed {
                Some(e) if out.is_empty() => Err(e),
                _ => Ok(out),
            }));
            busy.set(false);
        });
    };
    view! {
        <div class="page charities">
            <A href="/charities" attr:class="back-link">"‹ " {move || c().back_to_search}</A>
            <h1>{move || c().check_title}</h1>
            <p class="lead">{move || c().check_intro}</p>
            <form class="charity-search" on:submit=move |ev| { ev.prevent_default(); run(); }>
                <div class="field">
                    <label for="appeal-text">{move || c().check_label}</label>
                    <textarea id="appeal-text" rows="4" maxlength=MAX_APPEAL_TEXT.to_string()
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </div>
                <button type="submit" class="button primary wide" disabled=move || busy.get()>{move || c().check_button}</button>
            </form>
            <Show when=move || busy.get()><Loading /></Show>
            {move || findings.get().map(|r| match r {
                Err(e) => view! { <ErrorNotice error=e on_retry=move |()| run() /> }.into_any(),
                Ok(list) if list.is_empty() => view! {
                    <div class="verdict bad" role="alert"><p class="verdict-text">{move || c().check_nothing}</p></div>
                }.into_any(),
                Ok(list) => view! {
                    <ul class="card-list findings" aria-live="polite">
                        {list.into_iter().map(|f| view! { <li><FindingView f=f /></li> }).collect_view()}
                    </ul>
                }.into_any(),
            })}
            <p class="hint">{move || c().careful}</p>
        </div>
    }
}

#[component]
fn FindingView(f: Finding) -> impl IntoView {
    let lang = use_prefs().lang;
    match f {
        Finding::Filed(k) => {
            let (class, verdict) = if k.charity.may_fundraise { ("ok", false) } else { ("bad", true) };
            let href = format!("/charities/org/{}", k.charity.credit_code);
            view! {
                <div class=format!("verdict {class}") role="status" data-finding="filed">
                    <p class="verdict-text">{move || filed_text(lang.get(), &k)}</p>
                    <Show when=move || verdict><p>{move || cm(lang.get()).check_not_qualified}</p></Show>
                    <p><A href=href>{move || cm(lang.get()).check_open_card}</A></p>
                </div>
            }
            .into_any()
        }
        Finding::NotFiled(num) => view! {
            <div class="verdict bad" role="alert" data-finding="not_filed">
                <p class="verdict-text">{move || cm(lang.get()).check_not_filed.replace("{n}", &num)}</p>
            </div>
        }
        .into_any(),
        Finding::Organisation(card) => {
            let v = card.summary.verdict;
            let class = text::verdict(Lang::Zh, v).1;
            let href = format!("/charities/org/{}", card.charity.credit_code);
            let name = card.charity.name.clone();
            view! {
                <div class=format!("verdict {class}") role="status" data-finding="organisation">
                    <p class="verdict-text">{name}": "{move || text::verdict(lang.get(), v).0}</p>
                    <p>{move || cm(lang.get()).check_code_only}</p>
                    <p><A href=href>{move || cm(lang.get()).check_open_card}</A></p>
                </div>
            }
            .into_any()
        }
        Finding::UnknownCode(code) => view! {
            <div class="verdict bad" role="alert" data-finding="unknown_code">
                <p class="verdict-text">{move || cm(lang.get()).code_not_found.replace("{code}", &code)}</p>
                <p>{move || cm(lang.get()).check_nothing}</p>
            </div>
        }
        .into_any(),
        Finding::Names(list) => view! {
            <div class="verdict warn" role="status" data-finding="names">
                <p class="verdict-text">{move || cm(lang.get()).check_names}</p>
                <ul class="link-list">
                    {list.into_iter().map(|o| view! {
                        <li><A href=format!("/charities/org/{}", o.credit_code)>{o.name.clone()}</A></li>
                    }).collect_view()}
                </ul>
            </div>
        }
        .into_any(),
    }
}

fn filed_text(lang: Lang, k: &CampaignCheck) -> String {
    let m = cm(lang);
    let when = match k.state {
        portal_api::charities::CampaignState::Ended => {
            m.check_ended_on.replace("{date}", &text::date(lang, k.campaign.ends_on))
        }
        s => text::campaign_state(lang, s).to_owned(),
    };
    m.check_filed
        .replace("{campaign}", &k.campaign.name)
        .replace("{org}", &k.charity.name)
        .replace("{when}", &when)
}
