//! A "Copy …" button: puts a value on the clipboard and says so, visibly and to screen readers.

use std::cell::Cell;
use std::time::Duration;

use yew::prelude::*;

use crate::guide::{CopyPayload, PLACEHOLDER};

use super::announcer::Announcer;
use super::clipboard::{copy_text, select_contents, CopyOutcome};

/// How long "Copied" stays beside the button.
const FEEDBACK: Duration = Duration::from_millis(2500);

/// The warning for a value copied without an attendee ID.
pub const NO_ATTENDEE_ID: &str =
    "No attendee ID set — copied with Your_Attendee_ID; enter your ID at the top";

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// What is copied.
    pub payload: CopyPayload,
    /// The rest of the button's name after "Copy": `Main_Flow_137`, `GraphQL code`.
    pub what: AttrValue,
}

#[derive(Clone, Copy, PartialEq)]
enum Feedback {
    Copied,
    SelectToCopy,
}

#[function_component(CopyButton)]
pub fn copy_button(props: &CopyButtonProps) -> Html {
    let feedback = use_state(|| None::<Feedback>);
    // Only the latest click may clear the feedback.
    let clicks = use_mut_ref(|| Cell::new(0u32));
    let manual = use_node_ref();
    let announcer = use_context::<Announcer>();

    // The text to copy by hand is selected once it is on the page.
    {
        let manual = manual.clone();
        use_effect_with(*feedback, move |feedback| {
            if *feedback == Some(Feedback::SelectToCopy) {
                if let Some(element) = manual.cast::<web_sys::Element>() {
                    select_contents(&element);
                }
            }
        });
    }

    let onclick = {
        let feedback = feedback.setter();
        let payload = props.payload.clone();
        Callback::from(move |_: MouseEvent| {
            let click = clicks.borrow().get().wrapping_add(1);
            clicks.borrow().set(click);
            let feedback = feedback.clone();
            let announcer = announcer.clone();
            let clicks = clicks.clone();
            let missing_id = payload.missing_attendee_id;
            let copied_text = payload.text.clone();
            copy_text(&payload.text, move |outcome| {
                let message = match outcome {
                    CopyOutcome::Copied if missing_id => NO_ATTENDEE_ID.to_owned(),
                    CopyOutcome::Copied => format!("Copied {copied_text}"),
                    CopyOutcome::SelectToCopy => {
                        "Copying was blocked by the browser: the text is selected, press Ctrl+C \
                         (⌘C on a Mac) to copy it."
                            .to_owned()
                    }
                };
                if let Some(announcer) = &announcer {
                    announcer.say(message);
                }
                let shown = match outcome {
                    CopyOutcome::Copied => Feedback::Copied,
                    CopyOutcome::SelectToCopy => Feedback::SelectToCopy,
                };
                feedback.set(Some(shown));
                if shown == Feedback::Copied {
                    yew::platform::spawn_local(async move {
                        yew::platform::time::sleep(FEEDBACK).await;
                        if clicks.borrow().get() == click {
                            feedback.set(None);
                        }
                    });
                }
            });
        })
    };

    let status = match *feedback {
        None => html! {},
        Some(Feedback::Copied) if props.payload.missing_attendee_id => html! {
            <span class="copy-feedback copy-warning">{ "Copied with " }<code>{ PLACEHOLDER }</code>
                { " — no attendee ID set; enter your ID at the top" }</span>
        },
        Some(Feedback::Copied) => html! { <span class="copy-feedback">{ "Copied" }</span> },
        Some(Feedback::SelectToCopy) => html! {
            <span class="copy-feedback copy-manual">
                { "Press Ctrl+C to copy: " }
                <code ref={manual}>{ props.payload.text.clone() }</code>
            </span>
        },
    };

    html! {
        <span class="copy">
            <button type="button" class="copy-button no-print" {onclick}>
                <span class="copy-icon" aria-hidden="true"></span>
                { "Copy" }<span class="visually-hidden">{ " " }{ props.what.clone() }</span>
            </button>
            { status }
        </span>
    }
}
