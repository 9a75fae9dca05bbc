//! Charity lookup (慈善查询): one search box (name, pinyin, credit code or filing number) with
//! filters kept in the URL (`search`), an organisation's trust card (`card`), and charity shops
//! and donation points by district (`shops`). No sign-in; everything comes from the public API.

pub mod admin;
pub mod card;
pub mod check;
pub mod shops;
pub mod text;

pub use admin::ImportPage;
pub use card::OrgPage;
pub use check::CheckPage;
pub use shops::ShopsPage;

use crate::api;
use crate::ui::i18n::Lang;
use crate::ui::prefs::{use_prefs, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use portal_api::charities::search::valid_district;
use portal_api::charities::{CharitySummary, Field, OrgForm, SearchQuery, SearchResult, SortOrder};
use text::{CMsgs, cm};

pub(crate) fn use_c() -> impl Fn() -> &'static CMsgs + Copy + Send + Sync + 'static {
    let lang = use_prefs().lang;
    move || cm(lang.get())
}

/// The search as the URL holds it, so a result page can be shared.
fn query_from_url() -> impl Fn() -> SearchQuery + Copy {
    let q = use_query_map();
    move || {
        q.with(|q| SearchQuery {
            q: q.get("q").filter(|s| !s.trim().is_empty()),
            field: q.get("field").and_then(|s| Field::parse(&s)),
            district: q.get("district").filter(|d| valid_district(d)),
            fundraising: q.get("fundraising").map(|s| s == "true"),
            form: q.get("form").and_then(|s| OrgForm::parse(&s)),
            grade: q.get("grade").and_then(|g| g.parse().ok()).filter(|g| (1..=5).contains(g)),
            active: q.get("active").map(|s| s == "true"),
            sort: q.get("sort").and_then(|s| SortOrder::parse(&s)),
            page: q.get("page").and_then(|p| p.parse().ok()).filter(|p| (1..=500).contains(p)),
        })
    }
}

fn is_blank(q: &SearchQuery) -> bool {
    q.q.is_none()
        && q.field.is_none()
        && q.district.is_none()
        && q.fundraising.is_none()
        && q.form.is_none()
        && q.grade.is_none()
        && q.active.is_none()
}

/// A select of the demo regions (districts), shared with the shops page.
#[component]
pub(crate) fn DistrictSelect(value: RwSignal<String>, id: &'static str) -> impl IntoView {
    let c = use_c();
    let lang = use_prefs().lang;
    let regions = LocalResource::new(api::regions);
    view! {
        <select id=id on:change=move |ev| value.set(event_target_value(&ev)) prop:value=move || value.get()>
            <option value="">{move || c().any_district}</option>
            {move || regions.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|r| {
                let code = r.code.clone();
                let selected = value.get_untracked() == code;
                view! {
                    <option value=code selected=selected>
                        {move || if lang.get() == Lang::Zh { r.name_zh.clone() } else { r.name_en.clone() }}
                    </option>
                }
            }).collect_view()}
        </select>
    }
}

/// `/charities?q=&district=&field=&fundraising=&page=`: the search page.
#[component]
pub fn SearchPage() -> impl IntoView {
    let c = use_c();
    let lang = use_prefs().lang;
    use_title(|m| m.charities);
    let current = query_from_url();
    let start = current();
    let text = RwSignal::new(start.q.clone().unwrap_or_default());
    let district = RwSignal::new(start.district.clone().unwrap_or_default());
    let field = RwSignal::new(start.field.map(|f| f.as_str().to_owned()).unwrap_or_default());
    let fundraising = RwSignal::new(start.fundraising == Some(true));
    let form = RwSignal::new(start.form.map(|f| f.as_str().to_owned()).unwrap_or_default());
    let grade = RwSignal::new(start.grade.map(|g| g.to_string()).unwrap_or_default());
    let active = RwSignal::new(start.active == Some(true));
    let sort = RwSignal::new(start.sort.unwrap_or_default().as_str().to_owned());
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let sq = SearchQuery {
            q: Some(text.get_untracked()).filter(|s| !s.trim().is_empty()),
            district: Some(district.get_untracked()).filter(|d| !d.is_empty()),
            field: Field::parse(&field.get_untracked()),
            fundraising: fundraising.get_untracked().then_some(true),
            form: OrgForm::parse(&form.get_untracked()),
            grade: grade.get_untracked().parse().ok(),
            active: active.get_untracked().then_some(true),
            sort: SortOrder::parse(&sort.get_untracked()),
            ..SearchQuery::default()
        };
        navigate(&format!("/charities?{}", sq.to_query_string()), Default::default());
    };
    let results = LocalResource::new(move || {
        let sq = current();
        async move { if is_blank(&sq) { None } else { Some(api::charities(&sq).await) } }
    });
    view! {
        <div class="page charities">
            <h1>{move || c().title}</h1>
            <p class="lead">{move || c().intro}</p>
            <form class="charity-search" role="search" on:submit=submit>
                <div class="field">
                    <label for="charity-q">{move || c().search_label}</label>
                    <input id="charity-q" type="search" name="q" maxlength="100" autocomplete="off"
                        aria-describedby="charity-q-hint"
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
                    <p id="charity-q-hint" class="hint">{move || c().search_hint}</p>
                </div>
                <details class="filters" open=!is_blank(&start) && start.q.is_none()>
                    <summary>{move || c().filters}</summary>
                    <div class="field">
                        <label for="charity-district">{move || c().district}</label>
                        <DistrictSelect value=district id="charity-district" />
                    </div>
                    <div class="field">
                        <label for="charity-field">{move || c().field}</label>
                        <select id="charity-field" on:change=move |ev| field.set(event_target_value(&ev)) prop:value=move || field.get()>
                            <option value="">{move || c().any_field}</option>
                            {Field::ALL.into_iter().map(|f| view! {
                                <option value=f.as_str() selected=field.get_untracked() == f.as_str()>{move || text::field(lang.get(), f)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <label class="check">
                        <input type="checkbox" prop:checked=move || fundraising.get()
                            on:change=move |ev| fundraising.set(event_target_checked(&ev)) />
                        {move || c().fundraising_only}
                    </label>
                    <div class="field">
                        <label for="charity-form">{move || c().form}</label>
                        <select id="charity-form" on:change=move |ev| form.set(event_target_value(&ev)) prop:value=move || form.get()>
                            <option value="">{move || c().any_form}</option>
                            {OrgForm::ALL.into_iter().map(|f| view! {
                                <option value=f.as_str() selected=form.get_untracked() == f.as_str()>{move || text::form(lang.get(), f)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="charity-grade">{move || c().grade_at_least}</label>
                        <select id="charity-grade" on:change=move |ev| grade.set(event_target_value(&ev)) prop:value=move || grade.get()>
                            <option value="">{move || c().any_grade}</option>
                            {(1..=5u8).rev().map(|g| view! {
                                <option value=g.to_string() selected=grade.get_untracked() == g.to_string()>{format!("{g}A")}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <label class="check">
                        <input type="checkbox" prop:checked=move || active.get()
                            on:change=move |ev| active.set(event_target_checked(&ev)) />
                        {move || c().active_only}
                    </label>
                    <div class="field">
                        <label for="charity-sort">{move || c().sort_by}</label>
                        <select id="charity-sort" on:change=move |ev| sort.set(event_target_value(&ev)) prop:value=move || sort.get()>
                            {SortOrder::ALL.into_iter().map(|o| view! {
                                <option value=o.as_str() selected=sort.get_untracked() == o.as_str()>{move || text::sort(lang.get(), o)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </details>
                <button type="submit" class="button primary wide">{move || c().search_button}</button>
            </form>
            <Transition fallback=|| view! { <Loading /> }>
                {move || results.get().map(|r| match r {
                    None => view! { <p class="state empty">{move || c().start_hint}</p> }.into_any(),
                    Some(Err(e)) => view! { <ErrorNotice error=e on_retry=move |()| results.refetch() /> }.into_any(),
                    Some(Ok(r)) => view! { <Results result=r query=current() /> }.into_any(),
                })}
            </Transition>
            <A href="/charities/check" attr:class="button secondary wide">{move || c().check_link}</A>
            <A href="/charities/shops" attr:class="button secondary wide">{move || c().shops_link}</A>
        </div>
    }
}

#[component]
fn Results(result: SearchResult, query: SearchQuery) -> impl IntoView {
    let c = use_c();
    let lang = use_prefs().lang;
    let pages = result.total.div_ceil(u64::from(result.page_size)).max(1);
    let page = result.page;
    let link = move |p: u32| {
        let mut q = query.clone();
        q.page = Some(p);
        format!("/charities?{}", q.to_query_string())
    };
    let hint = result.code_hint.clone().map(|h| {
        let (entered, check_ok, suggestions) = (h.entered, h.check_ok, h.suggestions);
        view! {
            <div class="state notice" role="status">
                <p>{move || c().code_not_found.replace("{code}", &entered)}</p>
                <Show when=move || !check_ok><p>{move || c().code_check_wrong}</p></Show>
                {(!suggestions.is_empty()).then(|| view! {
                    <p>{move || c().did_you_mean}</p>
                    <ul class="link-list">
                        {suggestions.into_iter().map(|s| view! {
                            <li><A href=format!("/charities/org/{s}")>{s.clone()}</A></li>
                        }).collect_view()}
                    </ul>
                })}
            </div>
        }
    });
    let filing = matches!(result.kind, portal_api::charities::QueryKind::FilingNumber(_));
    let campaign = result.campaign.clone();
    let empty = result.items.is_empty();
    view! {
        <section class="results" aria-labelledby="results-title">
            <h2 id="results-title">{move || c().results.replace("{n}", &result.total.to_string())}</h2>
            {hint}
            {match (filing, campaign) {
                (true, Some(k)) => Some(view! {
                    <div class="verdict ok" role="status">
                        <p>{move || c().campaign_filed}</p>
                        <p><strong>{k.campaign.name.clone()}</strong>" · "
                            {move || text::campaign_state(lang.get(), k.state)}" · "
                            {move || text::date(lang.get(), k.campaign.starts_on)}" – "
                            {move || text::date(lang.get(), k.campaign.ends_on)}</p>
                    </div>
                }.into_any()),
                (true, None) => Some(view! {
                    <div class="verdict bad" role="alert"><p>{move || c().campaign_not_filed}</p></div>
                }.into_any()),
                _ => None,
            }}
            <Show when=move || empty && !filing>
                <p class="state empty">{move || c().none_found}</p>
            </Show>
            <ul class="link-list charity-list">
                {result.items.into_iter().map(|i| view! { <ResultItem item=i /> }).collect_view()}
            </ul>
            <Show when=move || { pages > 1 }>
                <nav class="pager" aria-label=move || c().page_of.replace("{p}", &page.to_string()).replace("{n}", &pages.to_string())>
                    {(page > 1).then(|| view! { <A href=link(page - 1) attr:class="button secondary">{move || c().prev}</A> })}
                    <span>{move || c().page_of.replace("{p}", &page.to_string()).replace("{n}", &pages.to_string())}</span>
                    {(u64::from(page) < pages).then(|| view! { <A href=link(page + 1) attr:class="button secondary">{move || c().next}</A> })}
                </nav>
            </Show>
        </section>
    }
}

#[component]
fn ResultItem(item: CharitySummary) -> impl IntoView {
    let t = crate::ui::prefs::use_t();
    let lang = use_prefs().lang;
    let demo = item.demo;
    let verdict = item.verdict;
    view! {
        <li>
            <A href=format!("/charities/org/{}", item.credit_code) attr:class="charity-choice">
                <span class="service-name">{item.name.clone()}</span>
                <span class=move || format!("verdict-line {}", text::verdict(lang.get(), verdict).1)>
                    {move || text::verdict_short(lang.get(), verdict)}
                </span>
                <span class="hint">
                    {move || text::form(lang.get(), item.form)}
                    {item.grade.map(|g| format!(" · {}", g.label()))}
                    <Show when=move || demo>" "<span class="badge">{move || t().demo_badge}</span></Show>
                </span>
            </A>
        </li>
    }
}
