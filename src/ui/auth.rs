//! Who is signed in, for every page: the header, booking and the account pages read it; the
//! account pages change it. Lives in `ui` so no feature depends on another for it.

use crate::api;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_api::account::Me;

/// `None` while unknown, `Some(None)` when nobody is signed in.
#[derive(Clone, Copy)]
pub struct Auth(pub RwSignal<Option<Option<Me>>>);

pub fn provide() {
    let me = RwSignal::new(None);
    spawn_local(async move {
        // A network failure leaves the state unknown; pages then offer sign-in.
        me.set(Some(api::me().await.unwrap_or(None)));
    });
    provide_context(Auth(me));
}

pub fn use_auth() -> RwSignal<Option<Option<Me>>> {
    expect_context::<Auth>().0
}
