//! The storage notice: what could not be read (and was set aside) or could not be saved, shown at
//! the top of every page until dismissed, with the way out ("Your data": export, delete set-aside
//! copies). One `alert` region for all of them.

use yew::prelude::*;

use crate::storage::{Report, WriteError};

use super::data_panel;
use super::local_storage;

#[function_component(StorageNotice)]
pub fn storage_notice() -> Html {
    let update = use_force_update();
    use_effect_with((), move |_| {
        let subscription =
            local_storage::subscribe(Callback::from(move |()| update.force_update()));
        move || drop(subscription)
    });
    let reports = local_storage::reports();
    if reports.is_empty() {
        return html! {};
    }
    html! {
        <div class="storage-notice" role="alert">
            <ul>
                { for reports.iter().map(report_item) }
            </ul>
        </div>
    }
}

fn report_item(report: &Report) -> Html {
    let key = report.key().to_owned();
    let on_dismiss = Callback::from(move |_: MouseEvent| local_storage::dismiss(&key));
    // Nothing in "Your data" helps when the browser gives no storage at all, or for what is gone.
    let helps = !matches!(
        report,
        Report::NotSaved {
            error: WriteError::Unavailable,
            ..
        } | Report::Missing { .. }
    );
    html! {
        <li>
            <p>{ report.to_string() }</p>
            <div class="storage-notice-actions">
                if helps {
                    <button type="button" onclick={Callback::from(|_: MouseEvent| data_panel::reveal())}>
                        { "Go to Your data" }
                    </button>
                }
                <button type="button" onclick={on_dismiss}
                    aria-label={format!("Dismiss message about {}", report.what())}>
                    { "Dismiss" }
                </button>
            </div>
        </li>
    }
}
