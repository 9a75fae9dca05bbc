//! Volunteering pages: browse activities without signing in (filters in the URL), an
//! activity's shifts with sign-up and waitlist (`mod.rs`); registration, my sign-ups with
//! check-in or reported hours (`me`); hours, corrections, certificates and points (`hours`);
//! the printable and downloadable certificate and the public verify page (`certificate`); the
//! organiser's check-in screen, approvals and shift cancelling (`organiser`), forms
//! (`manage`, `activity_form`). Words: `text` and `words`.

mod activity_form;
mod certificate;
mod client;
mod hours;
mod manage;
mod me;
mod organiser;
pub mod text;
mod words;

pub use activity_form::{EditActivityPage, NewActivityPage};
pub use certificate::{CertificatePage, VerifyPage};
pub use hours::{HoursPage, PointsPage};
pub use manage::{CorrectionsPage, OrgProfilePage, RevokePage};
pub use me::{CheckInPage, MyPage, RegisterPage};
pub use organiser::{OrganiserPage, ShiftPage};

use crate::api::{self, ApiError};
use crate::ui::auth::use_auth;
use crate::ui::i18n::Lang;
use crate::ui::prefs::{use_prefs, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use portal_api::ErrorCode;
use portal_api::volunteering::{
    ActivityPage, ActivityView, Category, ShiftView, SignupStatus, SignupView,
};
use text::{VMsgs, category_name, vm};
use wasm_bindgen::JsCast;

fn use_v() -> impl Fn() -> &'static VMsgs + Copy + Send + Sync + 'static {
    let lang = use_prefs().lang;
    move || vm(lang.get())
}

/// A problem in words: the first field's error, or the problem's code.
fn error_text(lang: Lang, e: &ApiError) -> String {
    match e.fields().first() {
        Some(f) => text::field_error(lang, f.code).to_owned(),
        None => e.message(lang.msgs()).to_owned(),
    }
}

/// "3月4日 周三 09:00–11:30" (an end at or before the start is the next morning).
fn shift_when(lang: Lang, s: &ShiftView) -> String {
    format!(
        "{} {}–{}",
        crate::booking::text::full_date(lang, s.day),
        text::time(s.start_min),
        text::time(s.end_min)
    )
}

fn places_text(v: &'static VMsgs, s: &ShiftView) -> String {
    if s.cancelled {
        v.cancelled.to_owned()
    } else if s.places_left > 0 {
        v.places_left.replace("{n}", &s.places_left.to_string())
    } else {
        v.full_waitlist.replace("{n}", &s.waitlist.to_string())
    }
}

/// The filters as they stand in the URL.
fn filter_query(q: &leptos_router::params::ParamsMap) -> String {
    ["district", "category", "from", "to", "open"]
        .iter()
        .filter_map(|k| q.get(k).filter(|v| !v.is_empty()).map(|v| format!("{k}={v}")))
        .collect::<Vec<_>>()
        .join("&")
}

/// `/volunteering`: activities anyone can browse; filters live in the URL.
#[component]
pub fn ListPage() -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    let auth = use_auth();
    use_title(|m| m.volunteering);
    let q = use_query_map();
    let list = LocalResource::new(move || {
        let qs = q.with(filter_query);
        async move { client::activities(&qs).await }
    });
    let regions = LocalResource::new(api::regions);
    let get = move |k: &str| q.with(|q| q.get(k).unwrap_or_default());
    let district = RwSignal::new(get("district"));
    let category = RwSignal::new(get("category"));
    let from = RwSignal::new(get("from"));
    let to = RwSignal::new(get("to"));
    let open = RwSignal::new(get("open") == "true");
    let navigate = use_navigate();
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut parts = Vec::new();
        for (k, val) in [
            ("district", district.get()),
            ("category", category.get()),
            ("from", from.get()),
            ("to", to.get()),
        ] {
            if !val.is_empty() {
                parts.push(format!("{k}={val}"));
            }
        }
        if open.get() {
            parts.push("open=true".into());
        }
        navigate(&format!("/volunteering?{}", parts.join("&")), Default::default());
    };
    let organiser_org = move || {
        auth.get().flatten().and_then(|me| {
            me.roles
                .into_iter()
                .find(|r| r.role == portal_api::account::Role::Organiser)
                .map(|r| r.scope)
        })
    };
    view! {
        <div class="page">
            <h1>{move || v().title}</h1>
            <p class="lead">{move || v().intro}</p>
            <ul class="link-list">
                <li><A href="/volunteering/me">{move || v().my_title}</A></li>
                <li><A href="/volunteering/verify">{move || v().verify_link}</A></li>
                {move || organiser_org().map(|org| view! {
                    <li><A href=format!("/organiser/{org}")>{move || v().organiser_link}</A></li>
                })}
            </ul>
            <h2>{move || v().browse}</h2>
            <form class="filters card" on:submit=apply>
                <div class="field">
                    <label for="f-district">{move || v().district}</label>
                    <select id="f-district" on:change=move |ev| district.set(event_target_value(&ev)) prop:value=move || district.get()>
                        <option value="">{move || v().any_district}</option>
                        {move || regions.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|r| {
                            let name = if lang.get() == Lang::Zh { r.name_zh.clone() } else { r.name_en.clone() };
                            view! { <option value=r.code.clone() selected=district.get_untracked() == r.code>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-category">{move || v().category}</label>
                    <select id="f-category" on:change=move |ev| category.set(event_target_value(&ev)) prop:value=move || category.get()>
                        <option value="">{move || v().any_category}</option>
                        {Category::ALL.iter().map(|c| view! {
                            <option value=c.as_str() selected=category.get_untracked() == c.as_str()>{move || category_name(lang.get(), *c)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-from">{move || v().from}</label>
                    <input id="f-from" type="date" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="f-to">{move || v().to}</label>
                    <input id="f-to" type="date" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev)) />
                </div>
                <label class="check">
                    <input type="checkbox" prop:checked=move || open.get() on:change=move |ev| open.set(event_target_checked(&ev)) />
                    {move || v().open_only}
                </label>
                <div class="actions">
                    <button type="submit" class="button primary">{move || v().apply}</button>
                    <A href="/volunteering" attr:class="button secondary">{move || v().clear}</A>
                </div>
            </form>
            <Transition fallback=|| view! { <Loading /> }>
                {move || list.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| list.refetch() /> }.into_any(),
                    Ok(page) if page.items.is_empty() && page.next.is_none() => view! { <p class="state empty">{move || v().none_found}</p> }.into_any(),
                    Ok(page) => {
                        // The filters stay in the URL; a changed filter starts a new first page.
                        let qs = StoredValue::new(q.with_untracked(filter_query));
                        let load = Callback::new(move |before: i64| {
                            let query = qs.with_value(|qs| {
                                let sep = if qs.is_empty() { "" } else { "&" };
                                format!("{qs}{sep}before={before}")
                            });
                            Box::pin(async move { client::activities(&query).await }) as PageFuture
                        });
                        let card = Callback::new(|a| view! { <ActivityCard activity=a /> }.into_any());
                        view! { <ActivityPages first=page load=load card=card /> }.into_any()
                    }
                })}
            </Transition>
        </div>
    }
}

/// One page of activities on its way (`ActivityPages`' loader).
pub(super) type PageFuture =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<ActivityPage, ApiError>>>>;

/// The pages after the first, fetched with "show more" and appended.
#[derive(Clone, Default)]
struct More {
    items: Vec<ActivityView>,
    next: Option<i64>,
    loading: bool,
    error: Option<ApiError>,
}

/// The first page of activities and, below it, every page asked for with "show more"; the
/// count is announced to screen readers as pages arrive. `load(before)` fetches the page after
/// `before`, `card` draws one activity: the residents' list and the organiser's own use it.
/// Not generic over the loader and the card (boxed instead): the two lists share one copy of
/// this component in the wasm (a generic one was built once for each, about 8 KB).
#[component]
pub(super) fn ActivityPages(
    first: ActivityPage,
    load: Callback<i64, PageFuture>,
    card: Callback<ActivityView, AnyView>,
) -> impl IntoView {
    let v = use_v();
    let first_count = first.items.len();
    let more = RwSignal::new(More { next: first.next, ..More::default() });
    let fetch = move || {
        let Some(before) = more.with_untracked(|m| (!m.loading).then_some(m.next).flatten()) else {
            return;
        };
        more.update(|m| {
            m.loading = true;
            m.error = None;
        });
        let page = load.run(before);
        leptos::task::spawn_local(async move {
            let res = page.await;
            // The list was left or its filters changed meanwhile: this page is no longer wanted.
            let added = more.try_update(|m| {
                m.loading = false;
                match res {
                    Ok(page) => {
                        let at = first_count + m.items.len();
                        m.items.extend(page.items);
                        m.next = page.next;
                        Some(at)
                    }
                    Err(e) => {
                        m.error = Some(e);
                        None
                    }
                }
            });
            // Focus moves to the first new card (the button may be gone: that was the last
            // page), so keyboard and screen-reader users carry on from where the list grew.
            if let Some(Some(at)) = added {
                request_animation_frame(move || {
                    let card = document()
                        .query_selector(&format!(".activity-list > li:nth-child({}) a", at + 1))
                        .ok()
                        .flatten()
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                    if let Some(card) = card {
                        let _ = card.focus();
                    }
                });
            }
        });
    };
    let shown = move || first_count + more.with(|m| m.items.len());
    view! {
        <ul class="activity-list">
            {first.items.into_iter().map(|a| view! { <li>{card.run(a)}</li> }).collect_view()}
            <For each=move || more.with(|m| m.items.clone()) key=|a| a.id let:a>
                <li>{card.run(a)}</li>
            </For>
        </ul>
        <p class="hint list-count" role="status">
            {move || {
                let text = if more.with(|m| m.next.is_some()) { v().shown } else { v().all_shown };
                text.replace("{n}", &shown().to_string())
            }}
        </p>
        {move || more.with(|m| m.error.clone()).map(|e| view! {
            <ErrorNotice error=e on_retry=move |()| fetch() />
        })}
        <Show when=move || more.with(|m| m.next.is_some() && m.error.is_none())>
            // Not `disabled` while loading: that would drop the keyboard focus; a second tap
            // while a page is on its way does nothing (`fetch`).
            <button type="button" class="button secondary wide" on:click=move |_| fetch()
                aria-disabled=move || more.with(|m| m.loading).to_string()
                aria-busy=move || more.with(|m| m.loading).to_string()>
                {move || if more.with(|m| m.loading) { v().loading_more } else { v().show_more }}
            </button>
        </Show>
    }
}

#[component]
fn ActivityCard(activity: ActivityView) -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    let next = activity.shifts.iter().find(|s| !s.cancelled).cloned();
    let href = format!("/volunteering/activities/{}", activity.id);
    let category = activity.category;
    view! {
        <A href=href attr:class="activity-card">
            <span class="category-tag">{move || category_name(lang.get(), category)}</span>
            <span class="activity-title">{activity.title.clone()}</span>
            <span class="hint">{activity.org_name.clone()}</span>
            <span class="hint">{activity.address.clone()}</span>
            {next.map(|s| { let s2 = s.clone(); view! {
                <span class="activity-next">
                    {move || format!("{}{}{}", v().next_shift, lang.get().colon(), shift_when(lang.get(), &s))}
                    " · "
                    <strong>{move || places_text(v(), &s2)}</strong>
                </span>
            }})}
        </A>
    }
}

/// What the resident may do about shifts: sign up, or what they must do first.
#[derive(Clone, PartialEq)]
enum Standing {
    Unknown,
    SignedOut,
    NoRealName,
    NotVolunteer,
    Volunteer(Vec<SignupView>),
}

/// `/volunteering/activities/:id`: the activity with its shifts and places left.
#[component]
pub fn ActivityPage() -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    let auth = use_auth();
    use_title(|m| m.volunteering);
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let activity = LocalResource::new(move || {
        let id = id();
        async move { client::activity(id).await }
    });
    let standing = LocalResource::new(move || {
        let who = auth.get();
        async move {
            match who {
                None => Standing::Unknown,
                Some(None) => Standing::SignedOut,
                Some(Some(me)) if me.real_name.is_none() => Standing::NoRealName,
                Some(Some(_)) => match client::me().await {
                    Err(e) if e.code() == Some(ErrorCode::VolunteerRequired) => {
                        Standing::NotVolunteer
                    }
                    _ => Standing::Volunteer(client::signups().await.unwrap_or_default()),
                },
            }
        }
    });
    let message = RwSignal::new(None::<(bool, String)>);
    let refresh = move || {
        activity.refetch();
        standing.refetch();
    };
    let act = Action::new_local(move |(shift, signup): &(i64, Option<i64>)| {
        let (shift, signup) = (*shift, *signup);
        async move {
            let l = lang.get_untracked();
            let result = match signup {
                Some(g) => client::withdraw(g).await.map(|()| vm(l).withdrawn.to_owned()),
                None => client::sign_up(shift).await.map(|g| match g.status {
                    SignupStatus::Waitlisted => vm(l)
                        .waitlisted
                        .replace("{n}", &g.waitlist_position.unwrap_or(0).to_string()),
                    _ => vm(l).signed_up.to_owned(),
                }),
            };
            message.set(Some(match result {
                Ok(m) => (true, m),
                Err(e) => (false, error_text(l, &e)),
            }));
            refresh();
        }
    });
    view! {
        <div class="page">
            <A href="/volunteering" attr:class="back-link">"‹ " {move || v().title}</A>
            <Transition fallback=|| view! { <Loading /> }>
                {move || activity.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| activity.refetch() /> }.into_any(),
                    Ok(a) => {
                        let category = a.category;
                        let shifts = a.shifts.clone();
                        view! {
                            <p class="step-context">{move || category_name(lang.get(), category)}{a.demo.then_some(" · ")}{move || a.demo.then_some(v().demo)}</p>
                            <h1>{a.title.clone()}</h1>
                            <p class="lead">{a.description.clone()}</p>
                            <dl class="summary">
                                <div class="summary-row"><dt>{move || v().organiser}</dt><dd>{a.org_name.clone()}</dd></div>
                                <div class="summary-row"><dt>{move || v().address}</dt><dd>{a.address.clone()}</dd></div>
                                {(!a.skills.is_empty()).then(|| view! { <div class="summary-row"><dt>{move || v().skills}</dt><dd>{a.skills.join("、")}</dd></div> })}
                                {(!a.bring.is_empty()).then(|| view! { <div class="summary-row"><dt>{move || v().bring}</dt><dd>{a.bring.clone()}</dd></div> })}
                                {a.min_age.map(|n| view! { <div class="summary-row"><dt>{move || v().age}</dt><dd>{move || v().min_age.replace("{n}", &n.to_string())}</dd></div> })}
                                <div class="summary-row"><dt>{move || v().points}</dt><dd>{move || v().points_rate.replace("{n}", &a.points_per_hour.to_string())}</dd></div>
                            </dl>
                            {move || message.get().map(|(ok, m)| view! {
                                <p class=if ok { "state success" } else { "state error" } role="status">{m}</p>
                            })}
                            <h2>{move || v().shifts}</h2>
                            <Gate standing=standing />
                            <ul class="shift-list">
                                {shifts.into_iter().map(|s| {
                                    let mine = move || match standing.get() {
                                        Some(Standing::Volunteer(list)) => list.into_iter().find(|g| g.shift.id == s.id && matches!(g.status, SignupStatus::SignedUp | SignupStatus::Waitlisted)),
                                        _ => None,
                                    };
                                    let can = move || matches!(standing.get(), Some(Standing::Volunteer(_)));
                                    let s2 = s.clone();
                                    view! {
                                        <li class="shift-row" data-shift=s.id>
                                            <span class="shift-when">{move || shift_when(lang.get(), &s2)}</span>
                                            <span class="shift-places">{let s3 = s.clone(); move || places_text(v(), &s3)}</span>
                                            {move || mine().map(|g| view! {
                                                <span class="shift-mine">{move || match g.status {
                                                    SignupStatus::Waitlisted => v().waitlisted.replace("{n}", &g.waitlist_position.unwrap_or(0).to_string()),
                                                    _ => v().signed_up.to_owned(),
                                                }}</span>
                                            })}
                                            <Show when=move || can() && !s.cancelled>
                                                {move || match mine() {
                                                    Some(g) => view! {
                                                        <button type="button" class="button secondary" disabled=move || act.pending().get() on:click=move |_| { act.dispatch((s.id, Some(g.id))); }>{move || v().withdraw}</button>
                                                    }.into_any(),
                                                    None => view! {
                                                        <button type="button" class="button primary" disabled=move || act.pending().get() on:click=move |_| { act.dispatch((s.id, None)); }>
                                                            {move || if s.places_left > 0 { v().sign_up } else { v().join_waitlist }}
                                                        </button>
                                                    }.into_any(),
                                                }}
                                            </Show>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                })}
            </Transition>
        </div>
    }
}

/// What a resident must do before signing up, with the link to do it.
#[component]
fn Gate(standing: LocalResource<Standing>) -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    move || {
        match standing.get() {
        None | Some(Standing::Unknown) => view! { <Loading /> }.into_any(),
        Some(Standing::SignedOut) => view! {
            <div class="state notice"><p>{move || v().need_sign_in}</p></div>
            <A href="/account" attr:class="button primary">{move || crate::account::text::am(lang.get()).sign_in}</A>
        }.into_any(),
        Some(Standing::NoRealName) => view! {
            <div class="state notice"><p>{move || v().need_real_name}</p></div>
            <A href="/account/real-name" attr:class="button primary">{move || crate::account::text::am(lang.get()).do_real_name}</A>
        }.into_any(),
        Some(Standing::NotVolunteer) => view! {
            <div class="state notice"><p>{move || v().need_register}</p></div>
            <A href="/volunteering/register" attr:class="button primary">{move || v().register}</A>
        }.into_any(),
        Some(Standing::Volunteer(_)) => ().into_any(),
    }
    }
}
