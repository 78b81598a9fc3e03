//! Content tabs (`=== "Tab"`), as the WAI-ARIA tabs pattern: a `tablist` of `tab` buttons, one
//! `tabpanel` shown. Arrow keys move between tabs (and show the one they reach), Home and End go to
//! the first and last; only the selected tab is in the Tab order. Without JavaScript-driven state
//! the first (or `===+`) tab shows, as in MkDocs.

use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::guide::Tabs;

use super::blocks::{blocks, RenderContext};
use super::inlines::inlines;

/// Each tab set gets its own ids (`tabs-3-1`, `tabs-3-1-panel`).
static NEXT_SET: AtomicUsize = AtomicUsize::new(1);

#[derive(Properties, Clone, PartialEq)]
pub struct TabsViewProps {
    pub tabs: Rc<Tabs>,
    /// The labels and panels, rendered by the caller (they need the render context).
    pub labels: Vec<Html>,
    pub panels: Vec<Html>,
}

/// Renders a tab set of the document.
pub fn view(tabs: &Tabs, cx: &RenderContext) -> Html {
    let labels: Vec<Html> = tabs
        .tabs
        .iter()
        .map(|tab| inlines(&tab.label, cx))
        .collect();
    let panels: Vec<Html> = tabs.tabs.iter().map(|tab| blocks(&tab.body, cx)).collect();
    html! { <TabsView tabs={Rc::new(tabs.clone())} {labels} {panels} /> }
}

#[function_component(TabsView)]
pub fn tabs_view(props: &TabsViewProps) -> Html {
    let set = use_state(|| NEXT_SET.fetch_add(1, Ordering::Relaxed));
    let count = props.tabs.tabs.len();
    let initial = props.tabs.selected.min(count.saturating_sub(1));
    let selected = use_state(move || initial);
    let list_ref = use_node_ref();
    let id = |index: usize| format!("tabs-{}-{}", *set, index + 1);

    let select = {
        let selected = selected.clone();
        let list_ref = list_ref.clone();
        move |index: usize, focus: bool| {
            selected.set(index);
            if focus {
                focus_tab(&list_ref, index);
            }
        }
    };
    let onkeydown = {
        let select = select.clone();
        let current = *selected;
        Callback::from(move |event: KeyboardEvent| {
            if count == 0 {
                return;
            }
            let next = match event.key().as_str() {
                "ArrowRight" | "ArrowDown" => (current + 1) % count,
                "ArrowLeft" | "ArrowUp" => (current + count - 1) % count,
                "Home" => 0,
                "End" => count - 1,
                _ => return,
            };
            event.prevent_default();
            select(next, true);
        })
    };

    html! {
        <div class="tabbed-set">
            <div class="tabbed-labels" role="tablist" ref={list_ref} {onkeydown}>
                { for props.labels.iter().enumerate().map(|(index, label)| {
                    let is_selected = index == *selected;
                    let onclick = {
                        let select = select.clone();
                        Callback::from(move |_: MouseEvent| select(index, false))
                    };
                    html! {
                        <button type="button" role="tab" id={id(index)}
                            aria-selected={if is_selected { "true" } else { "false" }}
                            aria-controls={format!("{}-panel", id(index))}
                            tabindex={if is_selected { "0" } else { "-1" }}
                            class={classes!("tabbed-label", is_selected.then_some("tabbed-label-selected"))}
                            {onclick}>
                            { label.clone() }
                        </button>
                    }
                }) }
            </div>
            { for props.panels.iter().enumerate().map(|(index, panel)| html! {
                <div role="tabpanel" id={format!("{}-panel", id(index))} aria-labelledby={id(index)}
                    class="tabbed-block" tabindex="0" hidden={index != *selected}>
                    { panel.clone() }
                </div>
            }) }
        </div>
    }
}

fn focus_tab(list: &NodeRef, index: usize) {
    let Some(list) = list.cast::<web_sys::Element>() else {
        return;
    };
    let Ok(tabs) = list.query_selector_all("[role=tab]") else {
        return;
    };
    let Some(tab) = tabs.item(index as u32) else {
        return;
    };
    if let Ok(tab) = tab.dyn_into::<web_sys::HtmlElement>() {
        let _ = tab.focus();
    }
}
