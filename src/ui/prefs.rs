//! The resident's display choices (language, elder mode), remembered in local storage and
//! reflected on `<html>` (`lang`, class `elder`) so CSS and assistive technology follow them.

use super::i18n::{Lang, Msgs};
use leptos::prelude::*;

const LANG_KEY: &str = "portal.lang";
const ELDER_KEY: &str = "portal.elder";

#[derive(Clone, Copy)]
pub struct Prefs {
    pub lang: RwSignal<Lang>,
    pub elder: RwSignal<bool>,
}

pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

pub fn save(key: &str, value: &str) {
    if let Some(s) = storage() {
        // Private browsing may refuse; the choice then lasts for this visit only.
        let _ = s.set_item(key, value);
    }
}

impl Prefs {
    /// Reads the saved choices (Chinese and standard mode by default), provides them as context
    /// and keeps `<html>` and storage in step with them.
    pub fn provide() -> Prefs {
        let lang = load(LANG_KEY).as_deref().and_then(Lang::from_code).unwrap_or(Lang::Zh);
        let elder = load(ELDER_KEY).as_deref() == Some("1");
        let prefs = Prefs { lang: RwSignal::new(lang), elder: RwSignal::new(elder) };
        Effect::new(move |_| {
            let lang = prefs.lang.get();
            save(LANG_KEY, lang.code());
            if let Some(html) = document().document_element() {
                let _ = html.set_attribute("lang", lang.tag());
            }
        });
        Effect::new(move |_| {
            let elder = prefs.elder.get();
            save(ELDER_KEY, if elder { "1" } else { "0" });
            if let Some(html) = document().document_element() {
                let _ = html.class_list().toggle_with_force("elder", elder);
            }
        });
        provide_context(prefs);
        prefs
    }
}

pub fn use_prefs() -> Prefs {
    expect_context::<Prefs>()
}

/// The catalogue for the current language, as a reactive getter: `t().site_name`.
pub fn use_t() -> impl Fn() -> &'static Msgs + Copy + Send + Sync + 'static {
    let lang = use_prefs().lang;
    move || lang.get().msgs()
}

/// Keeps `document.title` as "<page> · <site>" in the current language.
pub fn use_title(page: impl Fn(&'static Msgs) -> &'static str + Send + Sync + 'static) {
    let t = use_t();
    Effect::new(move |_| {
        let m = t();
        let page = page(m);
        let title = if page == m.site_name {
            page.to_owned()
        } else {
            format!("{page} · {}", m.site_name)
        };
        document().set_title(&title);
    });
}
