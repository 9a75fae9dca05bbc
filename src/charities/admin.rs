//! `/admin/charities`: administrators import the register (or charity shops and donation
//! points) from a CSV file (columns in the README). A dry run first lists every refused line
//! with its number, column and reason; the import itself writes everything or nothing. The
//! file goes to the server as it is (the page never reads it into memory) and becomes a job
//! whose progress the page polls, so a 20,000-line file shows how far it has got.

use super::text::cm;
use super::use_c;
use crate::api::{self, ApiError};
use crate::ui::ErrorNotice;
use crate::ui::i18n::Lang;
use crate::ui::prefs::{use_prefs, use_title};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_api::charities::{
    CharityInput, ImportIssue, ImportJob, ImportKind, ImportReport, ImportState, OrgStatus,
    TrustCard,
};
use wasm_bindgen::JsCast;

fn issue(lang: Lang, i: ImportIssue) -> &'static str {
    match (lang, i) {
        (Lang::Zh, ImportIssue::ColumnCount) => "列数不对",
        (Lang::Zh, ImportIssue::Required) => "必填项为空",
        (Lang::Zh, ImportIssue::BadDate) => "日期不对",
        (Lang::Zh, ImportIssue::BadCode) => "信用代码长度或字符不对",
        (Lang::Zh, ImportIssue::BadValue) => "不是可选的值",
        (Lang::Zh, ImportIssue::TooLong) => "太长或含控制字符",
        (Lang::Zh, ImportIssue::Duplicate) => "与前面的行重复",
        (Lang::Zh, ImportIssue::Malformed) => "不是有效的 CSV 行",
        (Lang::Zh, ImportIssue::UnknownOrganisation) => "登记库里没有这个组织，请先导入组织",
        (Lang::En, ImportIssue::ColumnCount) => "wrong number of columns",
        (Lang::En, ImportIssue::Required) => "required value missing",
        (Lang::En, ImportIssue::BadDate) => "not a date",
        (Lang::En, ImportIssue::BadCode) => "credit code of the wrong length or characters",
        (Lang::En, ImportIssue::BadValue) => "not one of the listed values",
        (Lang::En, ImportIssue::TooLong) => "too long or has control characters",
        (Lang::En, ImportIssue::Duplicate) => "repeats an earlier line",
        (Lang::En, ImportIssue::Malformed) => "not a valid CSV line",
        (Lang::En, ImportIssue::UnknownOrganisation) => {
            "no such organisation on the register: import it first"
        }
    }
}

fn chosen_file() -> Option<web_sys::File> {
    let input = document().get_element_by_id("import-file")?;
    let input = input.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    input.files()?.get(0)
}

/// Asks for the job again in a moment, until it ends.
fn poll(id: String, job: RwSignal<Option<Result<ImportJob, ApiError>>>) {
    spawn_local(async move {
        let next = api::charity_import_job(&id).await;
        let again = matches!(&next, Ok(j) if j.state.running());
        job.set(Some(next));
        if again {
            set_timeout(move || poll(id, job), std::time::Duration::from_millis(400));
        }
    });
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let c = use_c();
    let lang = use_prefs().lang;
    use_title(|m| m.charities);
    let job: RwSignal<Option<Result<ImportJob, ApiError>>> = RwSignal::new(None);
    let sending = RwSignal::new(false);
    let missing = RwSignal::new(false);
    let busy = move || sending.get() || job.with(|j| matches!(j, Some(Ok(j)) if j.state.running()));
    let send = move |dry_run: bool| {
        let Some(file) = chosen_file() else {
            missing.set(true);
            return;
        };
        missing.set(false);
        sending.set(true);
        job.set(None);
        spawn_local(async move {
            let started = api::start_charity_import(file, dry_run).await;
            if let Ok(j) = &started {
                poll(j.id.clone(), job);
            }
            job.set(Some(started));
            sending.set(false);
        });
    };
    view! {
        <div class="page charities">
            <h1>{move || c().import_title}</h1>
            <p class="lead">{move || c().import_intro}</p>
            <div class="field">
                <label for="import-file">{move || c().import_file}</label>
                <input id="import-file" type="file" accept=".csv,text/csv" />
                <Show when=move || missing.get()><p class="field-error" role="alert">{move || c().import_choose}</p></Show>
            </div>
            <div class="card-actions">
                <button type="button" class="button secondary" disabled=busy on:click=move |_| send(true)>
                    {move || c().import_dry_run}
                </button>
                <button type="button" class="button primary" disabled=busy on:click=move |_| send(false)>
                    {move || c().import_go}
                </button>
            </div>
            <Show when=move || sending.get()>
                <p class="state loading" role="status"><span class="spinner" aria-hidden="true"></span>{move || c().import_working}</p>
            </Show>
            {move || job.get().map(|j| match j {
                Err(e) => view! { <ErrorNotice error=e on_retry=move |()| job.set(None) /> }.into_any(),
                Ok(j) => view! { <JobView job=j lang=lang.get() /> }.into_any(),
            })}
            <StatusForm />
        </div>
    }
}

/// A job's progress bar while it runs; its report (or why it stopped) when it ends.
#[component]
fn JobView(job: ImportJob, lang: Lang) -> impl IntoView {
    let m = cm(lang);
    let (mut done, total) = (job.lines_done.min(job.lines_total), job.lines_total);
    match (job.state, job.report) {
        (ImportState::Checking | ImportState::Writing, _) => {
            // Writing: the count of the server running the job; another server knows none.
            let text = match job.state {
                ImportState::Writing if job.lines_written > 0 => {
                    done = job.lines_written.min(total);
                    m.import_written
                }
                ImportState::Writing => m.import_writing,
                _ => m.import_checking,
            };
            let text =
                text.replace("{done}", &done.to_string()).replace("{total}", &total.to_string());
            view! {
                <div class="import-progress" role="status" aria-live="polite" data-state=job.state.as_str()>
                    <label for="import-bar">{m.import_progress}</label>
                    <progress id="import-bar" max=total.max(1).to_string() value=done.to_string()></progress>
                    <p>{text}</p>
                </div>
            }
            .into_any()
        }
        (ImportState::Done, Some(r)) => view! { <Report r=r kind=job.kind lang=lang /> }.into_any(),
        (ImportState::Interrupted, _) => view! {
            <div class="state error" role="alert"><p>{m.import_interrupted}</p></div>
        }
        .into_any(),
        _ => view! { <div class="state error" role="alert"><p>{m.import_failed}</p></div> }
            .into_any(),
    }
}

#[component]
fn Report(r: ImportReport, kind: ImportKind, lang: Lang) -> impl IntoView {
    let m = cm(lang);
    let mut counts = m
        .import_counts
        .replace("{lines}", &r.lines.to_string())
        .replace("{created}", &r.created.to_string())
        .replace("{updated}", &r.updated.to_string());
    // Only organisation lines carry credit codes that may need review.
    if kind == ImportKind::Organisations {
        counts
            .push_str(&m.import_counts_flagged.replace("{flagged}", &r.flagged.len().to_string()));
    }
    let (class, head) = match (r.errors.is_empty(), r.committed) {
        (false, _) => ("state error", m.import_refused),
        (true, true) => ("state success", m.import_done),
        (true, false) => ("state notice", m.import_dry_ok),
    };
    view! {
        <section class="import-report" aria-live="polite">
            <div class=class role="status"><p><strong>{head}</strong></p><p>{counts}</p></div>
            {(!r.errors.is_empty()).then(|| view! {
                <table class="import-errors">
                    <caption>{m.import_errors}</caption>
                    <thead><tr><th scope="col">{m.import_line}</th><th scope="col">{m.import_column}</th><th scope="col">{m.import_reason}</th></tr></thead>
                    <tbody>
                        {r.errors.iter().take(500).map(|e| view! {
                            <tr><td>{e.line}</td><td>{e.column.clone()}</td><td>{issue(lang, e.issue)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {(!r.flagged.is_empty()).then(|| view! {
                <p class="hint">{m.import_flagged}</p>
                <ul class="audit-list">
                    {r.flagged.iter().take(500).map(|f| view! {
                        <li><span class="code">{f.credit_code.clone()}</span>
                            {format!(" ({}: {})", m.import_line, f.line)}</li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

/// Marks one organisation revoked or dissolved (or active again): reads the entry, changes its
/// status and date, and sends it back.
#[component]
fn StatusForm() -> impl IntoView {
    let c = use_c();
    let lang = use_prefs().lang;
    let code = RwSignal::new(String::new());
    let status = RwSignal::new("revoked".to_owned());
    let day = RwSignal::new(String::new());
    let result: RwSignal<Option<Result<TrustCard, ApiError>>> = RwSignal::new(None);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (code, status, day) =
            (code.get_untracked(), status.get_untracked(), day.get_untracked());
        spawn_local(async move {
            let outcome = async {
                let card = api::charity(code.trim()).await?;
                let mut input = CharityInput::from(&card.charity);
                input.status = OrgStatus::parse(&status).unwrap_or(OrgStatus::Active);
                input.status_on = portal_api::charities::parse_date(&day);
                api::update_charity(&card.charity.credit_code, &input).await
            };
            result.set(Some(outcome.await));
        });
    };
    view! {
        <form class="card settings-form" on:submit=save aria-labelledby="status-title">
            <h2 id="status-title">{move || c().status_title}</h2>
            <p class="hint">{move || c().status_hint}</p>
            <div class="field">
                <label for="status-code">{move || c().status_code}</label>
                <input id="status-code" type="text" maxlength="30" autocomplete="off"
                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="status-new">{move || c().status_new}</label>
                <select id="status-new" on:change=move |ev| status.set(event_target_value(&ev)) prop:value=move || status.get()>
                    {OrgStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=s == OrgStatus::Revoked>{move || super::text::status(lang.get(), s)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="status-date">{move || c().status_date}</label>
                <input id="status-date" type="date" prop:value=move || day.get() on:input=move |ev| day.set(event_target_value(&ev)) />
            </div>
            <button type="submit" class="button primary">{move || c().status_save}</button>
            {move || result.get().map(|r| match r {
                Err(e) => view! { <ErrorNotice error=e on_retry=move |()| result.set(None) /> }.into_any(),
                Ok(card) => {
                    let s = card.charity.status;
                    let name = card.charity.name.clone();
                    view! {
                        <p class="state success" role="status">
                            {move || cm(lang.get()).status_saved.replace("{name}", &name).replace("{status}", super::text::status(lang.get(), s))}
                        </p>
                    }.into_any()
                }
            })}
        </form>
    }
}
