//! Keeping the lab state in `localStorage` off the typing path: an edit is saved once edits settle,
//! and an edit not saved yet is written at once when the page is hidden or left
//! (`visibilitychange`, `pagehide`) or the lab is left for another page of the app (unmount: its
//! `pagehide` listener goes with it), so a quick reload loses nothing. A save writes the response
//! body (tens of milliseconds for 1 MB) only when the body changed ([`super::storage::save`]), or when
//! another tab wrote its own there (the `storage` event).
//! Another tab's save is merged in per input as soon as the page hears of it (the `storage` event)
//! and before every save, and the lab says what changed ([`crate::lab::merge`]).
//! The state the page starts with is not written back: it came from storage (or is the default).

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use gloo_events::EventListener;
use yew::prelude::*;

use crate::lab::LabInputs;
use crate::storage::{LAB_BODY, LAB_STATE};
use crate::ui::browser;

use super::{Dispatch, StoreAction};

/// How long edits must settle before the state is saved.
const SAVE_DELAY: Duration = Duration::from_millis(400);

/// The inputs waiting to be saved, and which edit they are.
#[derive(Default)]
struct Unsaved {
    inputs: Option<LabInputs>,
    generation: u64,
    /// Whether the first inputs (restored, or the defaults) were seen: they are not written back.
    started: bool,
    /// What the page shows now (saved or not): what another tab's save is merged into.
    shown: Option<LabInputs>,
}

/// Saves `inputs` after edits settle, or when the page goes away first.
#[hook]
pub fn use_autosave(inputs: &LabInputs, dispatch: Dispatch) {
    let unsaved = use_mut_ref(Unsaved::default);
    {
        let (unsaved, dispatch) = (unsaved.clone(), dispatch.clone());
        use_effect_with(inputs.clone(), move |inputs| {
            let mine = {
                let mut u = unsaved.borrow_mut();
                u.shown = Some(inputs.clone());
                if !std::mem::replace(&mut u.started, true) {
                    return;
                }
                u.generation = u.generation.wrapping_add(1);
                u.inputs = Some(inputs.clone());
                u.generation
            };
            yew::platform::spawn_local(async move {
                yew::platform::time::sleep(SAVE_DELAY).await;
                // Only the latest edit saves (and nothing, if a flush saved it already).
                if unsaved.borrow().generation == mine {
                    flush(&unsaved, &dispatch);
                }
            });
        });
    }
    use_effect_with((), move |_| {
        let unsaved_for_unmount = unsaved.clone();
        let dispatch_for_unmount = dispatch.clone();
        let listeners: Vec<EventListener> = match (browser::window(), browser::document()) {
            (Some(window), Some(document)) => {
                let on_hide = {
                    let (unsaved, dispatch) = (unsaved.clone(), dispatch.clone());
                    move |_: &web_sys::Event| flush(&unsaved, &dispatch)
                };
                let on_visibility = {
                    let (unsaved, dispatch) = (unsaved.clone(), dispatch.clone());
                    let document = document.clone();
                    move |_: &web_sys::Event| {
                        if document.hidden() {
                            flush(&unsaved, &dispatch);
                        }
                    }
                };
                // Fired by another tab's writes: its body under the key means this page's must be
                // written again on its next save; its state is merged into what this page shows.
                let on_storage = move |event: &web_sys::Event| {
                    let key = js_sys::Reflect::get(event, &"key".into())
                        .ok()
                        .and_then(|k| k.as_string());
                    let state_changed = key.as_deref().is_none_or(|k| k == LAB_STATE);
                    if key.as_deref().is_none_or(|k| k == LAB_BODY) {
                        dispatch.dispatch(StoreAction::BodyChangedElsewhere);
                    }
                    if state_changed {
                        hear_elsewhere(&unsaved, &dispatch);
                    }
                };
                vec![
                    EventListener::new(&window, "pagehide", on_hide),
                    EventListener::new(&document, "visibilitychange", on_visibility),
                    EventListener::new(&window, "storage", on_storage),
                ]
            }
            _ => Vec::new(),
        };
        move || {
            drop(listeners);
            // Leaving the lab in-app: the edit is saved now, not after the delay (a reload or a
            // closed tab within it would lose it). The storage notice reports a failure; the
            // lab's own notice has no page left to show on.
            let waiting = unsaved_for_unmount.borrow_mut().inputs.take();
            if let Some(inputs) = waiting {
                dispatch_for_unmount.dispatch(StoreAction::Save(inputs));
            }
        }
    });
}

/// Saves what is waiting, if anything; a storage problem or another tab's merged save becomes
/// the lab's.
fn flush(unsaved: &Rc<RefCell<Unsaved>>, dispatch: &Dispatch) {
    let waiting = unsaved.borrow_mut().inputs.take();
    if let Some(inputs) = waiting {
        dispatch.dispatch(StoreAction::Save(inputs));
    }
}

/// Merges another tab's save into what the page shows (its unsaved edit included).
fn hear_elsewhere(unsaved: &Rc<RefCell<Unsaved>>, dispatch: &Dispatch) {
    let shown = unsaved.borrow().shown.clone();
    if let Some(mine) = shown {
        dispatch.dispatch(StoreAction::HeardElsewhere(mine));
    }
}
