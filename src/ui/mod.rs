//! Shared components: the page layout, loading and error states, and display preferences.

pub mod auth;
pub mod fields;
pub mod i18n;
pub mod prefs;

use crate::api::{self, ApiError};
use leptos::prelude::*;
use leptos_router::components::A;
use prefs::{use_prefs, use_t};

/// Removes the first screen the build drew ahead (index.html's `#boot`, `xtask/src/prerender.rs`)
/// once the page has drawn itself: put at the end of each route's page, it runs after the page
/// is in the document and before the browser paints again, so the drawing gives way to the same
/// page in one frame and nothing moves.
#[component]
pub fn BootDone() -> impl IntoView {
    Effect::new(|_| remove_boot());
}

/// Removes `#boot` if it is still there (the loading note or the first screen drawn ahead).
pub fn remove_boot() {
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
}

/// Header (site name, language and elder-mode switches), skip link, main region, footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let prefs = use_prefs();
    let t = use_t();
    Offline::provide();
    let info = LocalResource::new(api::info);
    let auth = auth::use_auth();
    let auth_state = auth::use_auth_state();
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>{move || t().skip_link}</a>
        <header class="site-header">
            <div class="bar">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"民"</span>
                    <span class="brand-text">
                        <span class="brand-name">{move || t().site_name}</span>
                        <span class="brand-owner">{move || t().site_owner}</span>
                    </span>
                </A>
                <div class="switches">
                    <A href="/account" attr:class="switch account-link">
                        {move || {
                            // Unknown because the network failed: not "sign in", as if the
                            // resident had been signed out.
                            match auth.get() {
                                Some(None) => t().nav_sign_in,
                                None if !auth_state.unreachable() => t().nav_sign_in,
                                _ => t().nav_account,
                            }
                        }}
                    </A>
                    <button
                        type="button"
                        class="switch"
                        lang=move || prefs.lang.get().other().tag()
                        aria-label=move || t().switch_lang_label
                        on:click=move |_| prefs.lang.update(|l| *l = l.other())
                    >
                        {move || t().switch_lang}
                    </button>
                    <button
                        type="button"
                        class="switch"
                        aria-pressed=move || prefs.elder.get().to_string()
                        title=move || t().elder_label
                        on:click=move |_| prefs.elder.update(|e| *e = !*e)
                    >
                        {move || t().elder_on}
                    </button>
                </div>
            </div>
        </header>
        <main id="main" tabindex="-1">
            <OfflineNotice />
            {children()}
        </main>
        <footer class="site-footer">
            {move || {
                info.get()
                    .and_then(Result::ok)
                    .map(|i| {
                        view! {
                            <Show when=move || i.demo>
                                <p class="demo-note">{move || t().footer_demo}</p>
                            </Show>
                            <p class="version">{move || t().version} " " {i.version.clone()}</p>
                        }
                    })
            }}
        </footer>
    }
}

/// The router would treat `#main` as a navigation; move focus there ourselves so keyboard and
/// screen-reader users land on the content.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    if let Some(main) = document().get_element_by_id("main") {
        use wasm_bindgen::JsCast;
        if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
            let _ = main.focus();
        }
    }
}

/// A polite loading line; announced once by screen readers.
#[component]
pub fn Loading() -> impl IntoView {
    let t = use_t();
    view! {
        <p class="state loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            {move || t().loading}
        </p>
    }
}

/// What failed for want of a network, page-wide: the retries of every part of the page that
/// could not load. The layout shows one message and one "try again" for all of them (not the
/// same error once per part), which goes away when everything has loaded.
#[derive(Clone, Copy)]
pub struct Offline {
    waiting: RwSignal<Vec<(u64, Callback<()>)>>,
    next: StoredValue<u64>,
    auth: auth::Auth,
}

impl Offline {
    fn provide() -> Offline {
        let offline = Offline {
            waiting: RwSignal::new(vec![]),
            next: StoredValue::new(0),
            auth: auth::use_auth_state(),
        };
        provide_context(offline);
        offline
    }

    fn add(self, retry: Callback<()>) -> u64 {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.waiting.update(|w| w.push((id, retry)));
        id
    }

    fn remove(self, id: u64) {
        self.waiting.update(|w| w.retain(|(i, _)| *i != id));
    }

    /// Tries everything again (and who is signed in, if that is not known yet).
    fn retry(self) {
        for (_, retry) in self.waiting.get_untracked() {
            retry.run(());
        }
        self.auth.refresh();
    }
}

/// The one network message of the page, above its content.
#[component]
fn OfflineNotice() -> impl IntoView {
    let t = use_t();
    let offline = expect_context::<Offline>();
    // Back online: try again without waiting for a tap.
    let handle = window_event_listener(leptos::ev::online, move |_| offline.retry());
    on_cleanup(move || handle.remove());
    view! {
        <Show when=move || offline.waiting.with(|w| !w.is_empty()) || offline.auth.unreachable()>
            <div class="state error offline-notice" role="alert">
                <p>{move || t().err_network}</p>
                <button type="button" class="button secondary" on:click=move |_| offline.retry()>
                    {move || t().retry}
                </button>
            </div>
        </Show>
    }
}

/// An error in the user's language with a retry button. A network failure is said once for
/// the whole page (see [`Offline`]); this part then waits quietly for the retry.
#[component]
pub fn ErrorNotice(error: ApiError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let t = use_t();
    // Signed out (or the session ended): the way forward is signing in, not "try again".
    if error.code() == Some(portal_api::ErrorCode::Unauthenticated) {
        return view! { <SignInNotice /> }.into_any();
    }
    if error == ApiError::Network
        && let Some(offline) = use_context::<Offline>()
    {
        let id = offline.add(on_retry);
        on_cleanup(move || offline.remove(id));
        // Said quietly in the part itself, so a card is never left with a heading and nothing.
        return view! { <p class="state offline-part">{move || t().offline_part}</p> }.into_any();
    }
    // Busy (503) or limited (429) with Retry-After: say how long to wait, counting down.
    let wait = RwSignal::new(match &error {
        ApiError::Problem(_, Some(secs)) => *secs,
        _ => 0,
    });
    if wait.get_untracked() > 0 {
        let handle = set_interval_with_handle(
            move || wait.update(|w| *w = w.saturating_sub(1)),
            std::time::Duration::from_secs(1),
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    }
    view! {
        <div class="state error" role="alert">
            <p>{move || error.message(t())}</p>
            <Show when=move || { wait.get() > 0 }>
                <p class="retry-in">{move || t().retry_in.replace("{n}", &wait.get().to_string())}</p>
            </Show>
            <button type="button" class="button secondary" on:click=move |_| on_retry.run(())>
                {move || t().retry}
            </button>
        </div>
    }
    .into_any()
}

/// "Please sign in", with the button that signs in and comes back to this page.
#[component]
pub fn SignInNotice() -> impl IntoView {
    let t = use_t();
    let href = format!("/account?next={}", here_as_next());
    view! {
        <div class="state notice sign-in-notice">
            <p>{move || t().signed_out_notice}</p>
            <A href=href attr:class="button primary">{move || t().nav_sign_in}</A>
        </div>
    }
}

/// Today in the city's own calendar (China Standard Time, UTC+8), whatever the phone's time
/// zone: the same function the server uses, so a day is the same day in both.
pub fn office_today() -> portal_api::ids::Date {
    portal_api::calendar::office_local((js_sys::Date::now() / 1000.0) as i64).0
}

/// Where to go back to after signing in or registering a real name: the `next` query
/// parameter, if it is a path on this site (never another origin).
pub fn next_path() -> Option<String> {
    let q = leptos_router::hooks::use_query_map();
    let next = q.read_untracked().get("next")?;
    (next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\")).then_some(next)
}

/// The current page as a `next=` value for a sign-in link.
pub fn here_as_next() -> String {
    let loc = leptos_router::hooks::use_location();
    let search = loc.search.get_untracked();
    let search = search.trim_start_matches('?');
    let path = loc.pathname.get_untracked();
    let here = if search.is_empty() { path } else { format!("{path}?{search}") };
    String::from(js_sys::encode_uri_component(&here))
}
