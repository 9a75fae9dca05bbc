//! Account pages: sign in (number, then code, with a resend countdown), real-name
//! registration, my data (download, sign out, delete) and, for administrators, the audit log.

pub mod text;

use crate::api::{self, ApiError};
use crate::ui::auth::use_auth;
use crate::ui::fields::TextField;
use crate::ui::i18n::Lang;
use crate::ui::prefs::{use_prefs, use_title};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use portal_api::account::{Me, Role, VerifiedBy, valid_real_name};
use portal_api::ids::{Mobile, ResidentId};
use text::{AMsgs, am, field_error};

fn use_a() -> impl Fn() -> &'static AMsgs + Copy + Send + Sync + 'static {
    let lang = use_prefs().lang;
    move || am(lang.get())
}

/// The message for an API error, with the wait when the server sent `Retry-After`.
fn error_text(lang: Lang, e: &ApiError) -> String {
    let base = e.message(lang.msgs());
    match e {
        ApiError::Problem(_, Some(secs)) => {
            format!("{base} {}", am(lang).retry_in.replace("{n}", &secs.to_string()))
        }
        _ => base.to_owned(),
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let a = use_a();
    let auth = use_auth();
    use_title(|m| {
        if std::ptr::eq(m, &crate::ui::i18n::ZH) { text::ZH.account } else { text::EN.account }
    });
    move || match auth.get() {
        None => {
            view! { <div class="page"><h1>{move || a().account}</h1><crate::ui::Loading /></div> }
                .into_any()
        }
        Some(None) => view! { <SignIn /> }.into_any(),
        Some(Some(me)) => view! { <Overview me=me /> }.into_any(),
    }
}

#[component]
fn SignIn() -> impl IntoView {
    let a = use_a();
    let lang = use_prefs().lang;
    let auth = use_auth();
    // Back to the page that sent the resident here (the booking they started), after a
    // real-name step if that page needs one.
    let next = StoredValue::new(crate::ui::next_path());
    let navigate = StoredValue::new_local(use_navigate());
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let phone_err = RwSignal::new(None::<String>);
    let code_err = RwSignal::new(None::<String>);
    let alert = RwSignal::new(None::<String>);
    let sent_to = RwSignal::new(None::<String>);
    let wait = RwSignal::new(0i64);
    let busy = RwSignal::new(false);
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if wait.get_untracked() > 0 {
                wait.update(|w| *w -= 1);
            }
        },
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let send_code = move || {
        let l = lang.get_untracked();
        alert.set(None);
        let number = match Mobile::parse(&phone.get_untracked()) {
            Ok(m) => m,
            Err(e) => {
                phone_err.set(Some(field_error(l, e.code()).to_owned()));
                return;
            }
        };
        phone_err.set(None);
        busy.set(true);
        spawn_local(async move {
            match api::request_code(number.as_str()).await {
                Ok(sent) => {
                    sent_to.set(Some(number.as_str().to_owned()));
                    wait.set(sent.resend_after_secs);
                }
                Err(e) => {
                    if let (ApiError::Problem(_, Some(secs)), Some(_)) =
                        (&e, sent_to.get_untracked())
                    {
                        wait.set(*secs as i64);
                    }
                    match e.fields().first() {
                        Some(f) if f.field == "phone" => {
                            phone_err.set(Some(field_error(l, f.code).to_owned()))
                        }
                        _ => alert.set(Some(error_text(l, &e))),
                    }
                }
            }
            busy.set(false);
        });
    };
    // Signing in swaps this page for the account overview (the page follows `auth`).
    let sign_in = move || {
        let l = lang.get_untracked();
        let Some(number) = sent_to.get_untracked() else { return };
        let c: String = code.get_untracked().chars().filter(|c| !c.is_whitespace()).collect();
        if c.len() != 6 || !c.chars().all(|d| d.is_ascii_digit()) {
            code_err.set(Some(am(l).e_code_format.to_owned()));
            return;
        }
        code_err.set(None);
        alert.set(None);
        busy.set(true);
        spawn_local(async move {
            match api::verify(&number, &c).await {
                Ok(me) => {
                    let named = me.real_name.is_some();
                    auth.set(Some(Some(me)));
                    let go = match next.get_value() {
                        Some(n) if named => Some(n),
                        Some(n) => Some(format!(
                            "/account/real-name?next={}",
                            String::from(js_sys::encode_uri_component(&n))
                        )),
                        None => None,
                    };
                    if let Some(to) = go {
                        navigate.with_value(|nav| nav(&to, Default::default()));
                    }
                }
                Err(e) => alert.set(Some(error_text(l, &e))),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="page">
            <h1>{move || a().sign_in}</h1>
            <p class="lead">{move || a().sign_in_intro}</p>
            <Show when=move || alert.get().is_some()>
                <div class="state error" role="alert"><p>{move || alert.get()}</p></div>
            </Show>
            <Show
                when=move || sent_to.get().is_some()
                fallback=move || {
                    view! {
                        <form novalidate on:submit=move |ev| { ev.prevent_default(); send_code(); }>
                            <TextField id="phone" label=Signal::derive(move || a().phone) hint=Signal::derive(move || a().phone_hint)
                                value=phone error=phone_err kind="tel" inputmode="numeric" autocomplete="tel" />
                            <button type="submit" class="button primary wide" prop:disabled=move || busy.get()>
                                {move || a().get_code}
                            </button>
                        </form>
                    }
                }
            >
                <form novalidate on:submit=move |ev| { ev.prevent_default(); sign_in(); }>
                    <p class="state notice" role="status">
                        {move || a().code_sent_to.replace("{phone}", &portal_api::ids::mask(&sent_to.get().unwrap_or_default()))}
                    </p>
                    <TextField id="code" label=Signal::derive(move || a().code) hint=Signal::derive(move || a().code_hint)
                        value=code error=code_err inputmode="numeric" autocomplete="one-time-code" />
                    <button type="submit" class="button primary wide" prop:disabled=move || busy.get()>
                        {move || a().sign_in_button}
                    </button>
                    <div class="actions">
                        <button type="button" class="button secondary" prop:disabled=move || { wait.get() > 0 || busy.get() } on:click=move |_| send_code()>
                            {move || {
                                let w = wait.get();
                                if w > 0 { a().resend_in.replace("{n}", &w.to_string()) } else { a().resend.to_owned() }
                            }}
                        </button>
                        <button type="button" class="button secondary" on:click=move |_| { sent_to.set(None); code.set(String::new()); wait.set(0); }>
                            {move || a().change_phone}
                        </button>
                    </div>
                </form>
            </Show>
        </div>
    }
}

fn role_label(m: &'static AMsgs, r: Role) -> &'static str {
    match r {
        Role::Clerk => m.role_clerk,
        Role::Organiser => m.role_organiser,
        Role::Admin => m.role_admin,
    }
}

#[component]
fn Overview(me: Me) -> impl IntoView {
    let a = use_a();
    let lang = use_prefs().lang;
    let auth = use_auth();
    let alert = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    let done = RwSignal::new(None::<&'static str>);
    let is_admin = me.roles.iter().any(|r| r.role == Role::Admin);
    let roles = me.roles.clone();
    let is_clerk = me.roles.iter().any(|r| r.role == Role::Clerk);
    let offices = LocalResource::new(move || async move {
        if is_clerk { api::offices().await } else { Ok(vec![]) }
    });
    let phone = me.phone_masked.clone();
    let real = me.real_name.clone().zip(me.id_masked.clone());
    let leave = move |method: &'static str,
                      path: &'static str,
                      message: fn(&'static AMsgs) -> &'static str| {
        let l = lang.get_untracked();
        spawn_local(async move {
            match api::send_empty(method, path).await {
                Ok(()) => {
                    done.set(Some(message(am(l))));
                    auth.set(Some(None));
                }
                Err(e) => alert.set(Some(error_text(l, &e))),
            }
        });
    };
    view! {
        <div class="page">
            <h1>{move || a().account}</h1>
            <p class="lead">{move || a().signed_in_as.replace("{phone}", &phone)}</p>
            <Show when=move || alert.get().is_some()>
                <div class="state error" role="alert"><p>{move || alert.get()}</p></div>
            </Show>
            <section class="card" aria-labelledby="real-title">
                <h2 id="real-title">{move || a().real_name}</h2>
                {match real {
                    Some((name, id)) => view! {
                        <p>{move || a().real_name_done.replace("{name}", &name).replace("{id}", &id)}</p>
                        <Verification verified_by=me.verified_by />
                    }.into_any(),
                    None => view! {
                        <p>{move || a().real_name_missing}</p>
                        <A href="/account/real-name" attr:class="button primary">{move || a().do_real_name}</A>
                    }.into_any(),
                }}
            </section>
            <Show when=move || !roles.is_empty()>
                <section class="card" aria-labelledby="roles-title">
                    <h2 id="roles-title">{move || a().staff_roles}</h2>
                    <ul>
                        {me.roles.iter().map(|g| {
                            let (role, scope) = (g.role, g.scope.clone());
                            let clerk_href = (role == Role::Clerk).then(|| format!("/clerk/{scope}"));
                            let is_clerk = role == Role::Clerk;
                            // A clerk's office by its name, as the resident-facing pages call it.
                            let place = {
                                let scope = scope.clone();
                                move || {
                                    let named = (role == Role::Clerk)
                                        .then(|| offices.get().and_then(Result::ok))
                                        .flatten()
                                        .and_then(|list| list.into_iter().find(|o| o.code == scope))
                                        .map(|o| if lang.get() == crate::ui::i18n::Lang::Zh { o.name_zh } else { o.name_en });
                                    named.unwrap_or_else(|| scope.clone())
                                }
                            };
                            view! {
                                <li>
                                    {move || role_label(a(), role)} " " {place}
                                    {clerk_href.map(|h| view! { " · " <A href=h>{move || crate::booking::text::km(lang.get()).clerk_title}</A> })}
                                    {is_clerk.then(|| view! { " · " <A href="/staff/identity">{move || a().counter_title}</A> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <Show when=move || is_admin>
                        <A href="/admin/audit" attr:class="button secondary">{move || a().audit_title}</A>
                        <A href="/admin/charities" attr:class="button secondary">{move || crate::charities::text::cm(lang.get()).import_title}</A>
                    </Show>
                </section>
            </Show>
            <section class="card" aria-labelledby="data-title">
                <h2 id="data-title">{move || a().my_data}</h2>
                <p>{move || a().my_data_body}</p>
                <a href="/api/me/data" download="my-data.json" class="button secondary">{move || a().download}</a>
            </section>
            <div class="actions">
                <button type="button" class="button secondary" on:click=move |_| leave("POST", "/api/auth/sign-out", |m| m.signed_out)>
                    {move || a().sign_out}
                </button>
                <button type="button" class="button secondary" on:click=move |_| leave("POST", "/api/auth/sign-out-everywhere", |m| m.signed_out)>
                    {move || a().sign_out_everywhere}
                </button>
            </div>
            <section class="card danger" aria-labelledby="delete-title">
                <h2 id="delete-title">{move || a().delete_title}</h2>
                <p>{move || a().delete_body}</p>
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button type="button" class="button secondary" on:click=move |_| confirming.set(true)>{move || a().delete_button}</button>
                    }
                >
                    <div class="actions">
                        <button type="button" class="button danger" on:click=move |_| leave("DELETE", "/api/me", |m| m.deleted)>
                            {move || a().delete_confirm}
                        </button>
                        <button type="button" class="button secondary" on:click=move |_| confirming.set(false)>{move || a().cancel}</button>
                    </div>
                </Show>
            </section>
            <Show when=move || done.get().is_some()>
                <p class="state success" role="status">{move || done.get()}</p>
            </Show>
        </div>
    }
}

/// Whether the real-name record is verified; if not, why it matters and a way to check again.
#[component]
fn Verification(verified_by: Option<VerifiedBy>) -> impl IntoView {
    let a = use_a();
    let lang = use_prefs().lang;
    let auth = use_auth();
    let still = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let again = move |_| {
        let l = lang.get_untracked();
        busy.set(true);
        spawn_local(async move {
            match api::post_json::<(), Me>("/api/me/verify", None).await {
                Ok(me) if me.verified_by.is_some() => auth.set(Some(Some(me))),
                Ok(_) => still.set(Some(am(l).verify_still.to_owned())),
                Err(e) => still.set(Some(error_text(l, &e))),
            }
            busy.set(false);
        });
    };
    match verified_by {
        Some(by) => view! {
            <p class="state success">{move || {
                let how = match by { VerifiedBy::Gateway => a().via_gateway, VerifiedBy::Counter => a().via_counter };
                a().identity_verified.replace("{how}", how)
            }}</p>
        }.into_any(),
        None => view! {
            <div class="state notice">
                <p>{move || a().identity_unverified}</p>
                <p>{move || a().verify_counter_hint}</p>
                <button type="button" class="button secondary" disabled=move || busy.get() on:click=again>
                    {move || a().verify_again}
                </button>
                <Show when=move || still.get().is_some()>
                    <p role="status">{move || still.get()}</p>
                </Show>
            </div>
        }.into_any(),
    }
}

/// A clerk verifies a resident at the counter, ID card in hand (`POST /api/clerk/identity`).
#[component]
pub fn CounterVerifyPage() -> impl IntoView {
    let a = use_a();
    let lang = use_prefs().lang;
    let auth = use_auth();
    use_title(|m| {
        if std::ptr::eq(m, &crate::ui::i18n::ZH) {
            text::ZH.counter_title
        } else {
            text::EN.counter_title
        }
    });
    let phone = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let id = RwSignal::new(String::new());
    let phone_err = RwSignal::new(None::<String>);
    let name_err = RwSignal::new(None::<String>);
    let id_err = RwSignal::new(None::<String>);
    let alert = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let submit = move || {
        let l = lang.get_untracked();
        done.set(None);
        alert.set(None);
        let body = portal_api::account::CounterVerifyRequest {
            phone: phone.get_untracked(),
            name: name.get_untracked(),
            id_number: id.get_untracked(),
        };
        spawn_local(async move {
            match api::post_json::<_, Me>("/api/clerk/identity", Some(&body)).await {
                Ok(me) => {
                    for e in [phone_err, name_err, id_err] {
                        e.set(None);
                    }
                    let (n, i) =
                        (me.real_name.unwrap_or_default(), me.id_masked.unwrap_or_default());
                    done.set(Some(am(l).counter_done.replace("{name}", &n).replace("{id}", &i)));
                    for v in [phone, name, id] {
                        v.set(String::new());
                    }
                }
                Err(e) => {
                    let mut shown = false;
                    for f in e.fields() {
                        let msg = Some(field_error(l, f.code).to_owned());
                        match f.field.as_str() {
                            "phone" => phone_err.set(msg),
                            "name" => name_err.set(msg),
                            _ => id_err.set(msg),
                        }
                        shown = true;
                    }
                    if !shown {
                        alert.set(Some(error_text(l, &e)));
                    }
                }
            }
        });
    };
    view! {
        <div class="page">
            <h1>{move || a().counter_title}</h1>
            <p class="lead">{move || a().counter_intro}</p>
            <Show when=move || auth.get() == Some(None)>
                <crate::ui::SignInNotice />
            </Show>
            <Show when=move || alert.get().is_some()>
                <div class="state error" role="alert"><p>{move || alert.get()}</p></div>
            </Show>
            <Show when=move || done.get().is_some()>
                <p class="state success" role="status">{move || done.get()}</p>
            </Show>
            <form novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <TextField id="phone" label=Signal::derive(move || a().phone) hint=Signal::derive(move || a().phone_hint)
                    value=phone error=phone_err kind="tel" inputmode="tel" autocomplete="off" />
                <TextField id="name" label=Signal::derive(move || a().name)
                    value=name error=name_err />
                <TextField id="id_number" label=Signal::derive(move || a().id_number) hint=Signal::derive(move || a().id_hint)
                    value=id error=id_err />
                <button type="submit" class="button primary wide">{move || a().counter_button}</button>
            </form>
        </div>
    }
}

#[component]
pub fn RealNamePage() -> impl IntoView {
    let a = use_a();
    let lang = use_prefs().lang;
    let auth = use_auth();
    let navigate = use_navigate();
    let next = crate::ui::next_path();
    use_title(|m| {
        if std::ptr::eq(m, &crate::ui::i18n::ZH) {
            text::ZH.real_name_title
        } else {
            text::EN.real_name_title
        }
    });
    let name = RwSignal::new(String::new());
    let id = RwSignal::new(String::new());
    let name_err = RwSignal::new(None::<String>);
    let id_err = RwSignal::new(None::<String>);
    let alert = RwSignal::new(None::<String>);
    let submit = move || {
        let l = lang.get_untracked();
        let mut ok = true;
        if valid_real_name(&name.get_untracked()) {
            name_err.set(None)
        } else {
            name_err.set(Some(am(l).e_name.to_owned()));
            ok = false;
        }
        match ResidentId::parse(&id.get_untracked()) {
            Ok(p) if !p.born_plausibly(crate::ui::office_today()) => {
                id_err.set(Some(field_error(l, portal_api::FieldCode::BirthDate).to_owned()));
                ok = false;
            }
            Ok(_) => id_err.set(None),
            Err(e) => {
                id_err.set(Some(field_error(l, e.code()).to_owned()));
                ok = false;
            }
        }
        if !ok {
            return;
        }
        let navigate = navigate.clone();
        let next = next.clone();
        spawn_local(async move {
            match api::set_real_name(&name.get_untracked(), &id.get_untracked()).await {
                Ok(me) => {
                    auth.set(Some(Some(me)));
                    navigate(next.as_deref().unwrap_or("/account"), Default::default());
                }
                Err(e) => {
                    let mut shown = false;
                    for f in e.fields() {
                        let msg = Some(field_error(l, f.code).to_owned());
                        if f.field == "name" {
                            name_err.set(msg)
                        } else {
                            id_err.set(msg)
                        }
                        shown = true;
                    }
                    if !shown {
                        alert.set(Some(error_text(l, &e)));
                    }
                }
            }
        });
    };
    view! {
        <div class="page">
            <h1>{move || a().real_name_title}</h1>
            <p class="state notice privacy">{move || a().real_name_why}</p>
            <Show when=move || auth.get() == Some(None)>
                <div class="state error" role="alert">
                    <p>{move || crate::ui::i18n::Lang::msgs(lang.get()).err_unauthenticated}</p>
                    <A href="/account" attr:class="button primary">{move || a().sign_in}</A>
                </div>
            </Show>
            <Show when=move || alert.get().is_some()>
                <div class="state error" role="alert"><p>{move || alert.get()}</p></div>
            </Show>
            <form novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <TextField id="name" label=Signal::derive(move || a().name) hint=Signal::derive(move || a().real_name_once)
                    value=name error=name_err autocomplete="name" />
                <TextField id="id_number" label=Signal::derive(move || a().id_number) hint=Signal::derive(move || a().id_hint)
                    value=id error=id_err />
                <button type="submit" class="button primary wide">{move || a().save}</button>
            </form>
        </div>
    }
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let a = use_a();
    let lang = use_prefs().lang;
    use_title(|m| {
        if std::ptr::eq(m, &crate::ui::i18n::ZH) {
            text::ZH.audit_title
        } else {
            text::EN.audit_title
        }
    });
    let filter = RwSignal::new(String::new());
    let entries = RwSignal::new(Vec::<portal_api::account::AuditEntry>::new());
    let next = RwSignal::new(None::<i64>);
    let alert = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let load = move |before: Option<i64>| {
        let l = lang.get_untracked();
        loading.set(true);
        spawn_local(async move {
            match api::audit(before, &filter.get_untracked()).await {
                Ok(page) => {
                    if before.is_none() {
                        entries.set(page.entries);
                    } else {
                        entries.update(|e| e.extend(page.entries));
                    }
                    next.set(page.next_before);
                    alert.set(None);
                }
                Err(e) => alert.set(Some(error_text(l, &e))),
            }
            loading.set(false);
        });
    };
    load(None);
    let error = RwSignal::new(None::<String>);
    view! {
        <div class="page">
            <h1>{move || a().audit_title}</h1>
            <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); load(None); }>
                <TextField id="action" label=Signal::derive(move || a().audit_filter) hint=Signal::derive(move || a().audit_filter_hint) value=filter error=error />
                <button type="submit" class="button secondary">{move || a().apply}</button>
            </form>
            <Show when=move || alert.get().is_some()>
                <div class="state error" role="alert"><p>{move || alert.get()}</p></div>
            </Show>
            <Show when=move || loading.get()><crate::ui::Loading /></Show>
            <Show when=move || { !loading.get() && entries.with(Vec::is_empty) && alert.get().is_none() }>
                <p class="state empty">{move || a().audit_empty}</p>
            </Show>
            <ol class="audit-list">
                {move || entries.get().into_iter().map(|e| {
                    let when = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(e.at as f64 * 1000.0));
                    let when = String::from(when.to_locale_string("zh-CN", &wasm_bindgen::JsValue::UNDEFINED));
                    view! {
                        <li>
                            <span class="audit-action">{e.action}</span>
                            <span>{e.actor} " · " {e.object}</span>
                            <span class="hint">{when} " · " {e.ip}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <Show when=move || next.get().is_some()>
                <button type="button" class="button secondary" on:click=move |_| load(next.get_untracked())>{move || a().load_more}</button>
            </Show>
        </div>
    }
}
