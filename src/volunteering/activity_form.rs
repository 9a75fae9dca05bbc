//! The organiser creates an activity (`/organiser/:org/new`) or edits one
//! (`/organiser/:org/activity/:id`): one form, filled in from the activity when editing.

use super::manage::{DistrictSelect, org_param, spread};
use super::{client, text, use_v, words::wm};
use crate::ui::fields::TextField;
use crate::ui::prefs::{use_prefs, use_title};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use portal_api::volunteering::{ActivityRequest, ActivityView, Category};

/// `/organiser/:org/new`: a new activity.
#[component]
pub fn NewActivityPage() -> impl IntoView {
    let v = use_v();
    use_title(|m| m.volunteering);
    let org = org_param();
    view! {
        <div class="page">
            <A href=move || format!("/organiser/{}", org()) attr:class="back-link">"‹ " {move || v().org_title}</A>
            <h1>{move || v().new_activity}</h1>
            <ActivityForm initial=None />
        </div>
    }
}

/// `/organiser/:org/activity/:id`: edit an activity of the organisation.
#[component]
pub fn EditActivityPage() -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    use_title(|m| m.volunteering);
    let org = org_param();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let current = LocalResource::new(move || {
        let id = id();
        async move { client::activity(id).await }
    });
    view! {
        <div class="page">
            <A href=move || format!("/organiser/{}", org()) attr:class="back-link">"‹ " {move || v().org_title}</A>
            <h1>{move || wm(lang.get()).edit_activity}</h1>
            <Transition fallback=|| view! { <Loading /> }>
                {move || current.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |()| current.refetch() /> }.into_any(),
                    Ok(a) => view! { <ActivityForm initial=Some(a) /> }.into_any(),
                })}
            </Transition>
        </div>
    }
}

fn list_text(items: &[String]) -> String {
    items.join("、")
}

#[component]
fn ActivityForm(initial: Option<ActivityView>) -> impl IntoView {
    let v = use_v();
    let lang = use_prefs().lang;
    let org = org_param();
    let editing = initial.as_ref().map(|a| a.id);
    let a = initial.as_ref();
    let pair = |s: String| (RwSignal::new(s), RwSignal::new(None::<String>));
    let (title, title_e) = pair(a.map(|a| a.title.clone()).unwrap_or_default());
    let (desc, desc_e) = pair(a.map(|a| a.description.clone()).unwrap_or_default());
    let (address, address_e) = pair(a.map(|a| a.address.clone()).unwrap_or_default());
    let (skills, skills_e) = pair(a.map(|a| list_text(&a.skills)).unwrap_or_default());
    let (bring, bring_e) = pair(a.map(|a| a.bring.clone()).unwrap_or_default());
    let (min_age, min_age_e) =
        pair(a.and_then(|a| a.min_age).map(|m| m.to_string()).unwrap_or_default());
    let (rate, rate_e) = pair(a.map(|a| a.points_per_hour.to_string()).unwrap_or_default());
    let category =
        RwSignal::new(a.map(|a| a.category).unwrap_or(Category::ElderCare).as_str().to_owned());
    let district = RwSignal::new(a.map(|a| a.district.clone()).unwrap_or_default());
    let general = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let save = Action::new_local(move |req: &ActivityRequest| {
        let (req, o) = (req.clone(), org());
        async move {
            match editing {
                Some(id) => client::edit_activity(id, &req).await,
                None => client::create_activity(&o, &req).await,
            }
        }
    });
    Effect::new(move |_| {
        if let Some(res) = save.value().get() {
            match res {
                Ok(_) => navigate(&format!("/organiser/{}", org()), Default::default()),
                Err(e) => spread(
                    lang.get_untracked(),
                    &e,
                    &[
                        ("title", title_e),
                        ("description", desc_e),
                        ("address", address_e),
                        ("skills", skills_e),
                        ("bring", bring_e),
                        ("min_age", min_age_e),
                        ("points_per_hour", rate_e),
                    ],
                    general,
                ),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(ActivityRequest {
            title: title.get(),
            description: desc.get(),
            category: Category::parse(&category.get()).unwrap_or(Category::ElderCare),
            district: district.get(),
            address: address.get(),
            skills: skills
                .get()
                .split([',', '，', '、'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            bring: bring.get(),
            min_age: min_age.get().trim().parse().ok(),
            points_per_hour: rate.get().trim().parse().ok(),
        });
    };
    view! {
        {move || general.get().map(|m| view! { <div class="state error" role="alert"><p>{m}</p></div> })}
        <form on:submit=submit novalidate>
            <TextField id="act-title" label=Signal::derive(move || v().act_title) value=title error=title_e />
            <TextField id="act-desc" label=Signal::derive(move || v().act_desc) value=desc error=desc_e />
            <div class="field">
                <label for="act-category">{move || v().category}</label>
                <select id="act-category" on:change=move |ev| category.set(event_target_value(&ev)) prop:value=move || category.get()>
                    {Category::ALL.iter().map(|c| view! { <option value=c.as_str() selected=category.get_untracked() == c.as_str()>{move || text::category_name(lang.get(), *c)}</option> }).collect_view()}
                </select>
            </div>
            <DistrictSelect id="act-district" value=district />
            <TextField id="act-address" label=Signal::derive(move || v().address) value=address error=address_e />
            <TextField id="act-skills" label=Signal::derive(move || v().skills_field) value=skills error=skills_e />
            <TextField id="act-bring" label=Signal::derive(move || v().bring) value=bring error=bring_e />
            <TextField id="act-min-age" label=Signal::derive(move || v().min_age_field) value=min_age error=min_age_e inputmode="numeric" />
            <TextField id="act-rate" label=Signal::derive(move || v().rate_field) value=rate error=rate_e inputmode="numeric" />
            <button type="submit" class="button primary wide" disabled=move || save.pending().get()>{move || v().save}</button>
        </form>
    }
}
