//! Who is signed in, for every page: the header, booking and the account pages read it; the
//! account pages change it. Lives in `ui` so no feature depends on another for it.

use crate::api;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_api::account::Me;

/// `None` while unknown, `Some(None)` when nobody is signed in.
#[derive(Clone, Copy)]
pub struct Auth(pub RwSignal<Option<Option<Me>>>, RwSignal<bool>);

pub fn provide() {
    let auth = Auth(RwSignal::new(None), RwSignal::new(false));
    provide_context(auth);
    auth.refresh();
}

impl Auth {
    /// Asks the server who is signed in, unless that is known. A failure (offline, server
    /// unreachable) leaves it unknown, never "signed out"; it is asked again on the next retry.
    pub fn refresh(self) {
        let Auth(me, unreachable) = self;
        if me.get_untracked().is_some() {
            return;
        }
        spawn_local(async move {
            match api::me().await {
                Ok(who) => {
                    unreachable.set(false);
                    me.set(Some(who));
                }
                Err(_) => unreachable.set(true),
            }
        });
    }

    /// The last attempt to learn who is signed in failed for want of the server.
    pub fn unreachable(self) -> bool {
        self.1.get()
    }
}

pub fn use_auth_state() -> Auth {
    expect_context::<Auth>()
}

pub fn use_auth() -> RwSignal<Option<Option<Me>>> {
    expect_context::<Auth>().0
}
