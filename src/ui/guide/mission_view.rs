//! One mission: its title, progress, the document, and the live region copy buttons report to.

use std::rc::Rc;

use gloo_events::EventListener;
use yew::prelude::*;

use crate::guide::{AttendeeId, Block, MissionDoc, MissionProgress, ProgressChange, SafeHref};
use crate::storage::{GuideProgressKey, Loaded};
use crate::ui::{browser, local_storage};

use super::announcer::LiveRegion;
use super::blocks::{blocks, RenderContext};
use super::deep_link;
use super::progress_panel::ProgressPanel;

#[derive(Properties, PartialEq)]
pub struct MissionViewProps {
    /// The mission's slug: the key its progress is stored under.
    pub slug: AttrValue,
    pub doc: Rc<MissionDoc>,
    pub attendee: Option<AttendeeId>,
    /// The original guide page (front matter `source_url`).
    #[prop_or_default]
    pub original_url: Option<SafeHref>,
    /// This page's path; in-page links are `page_href#anchor`. Empty: the current path.
    #[prop_or_default]
    pub page_href: AttrValue,
}

/// Stored progress of `slug`; unreadable or foreign data is set aside (and reported) and starts afresh.
fn load(slug: &str, doc: &MissionDoc) -> MissionProgress {
    let mut progress = local_storage::load::<GuideProgressKey>(&GuideProgressKey::key(slug))
        .found()
        .unwrap_or_else(|| MissionProgress::new(slug));
    progress.retain_known(doc);
    progress
}

/// Saves `change` made on the stored progress (so another tab's ticks stay), or on `shown` when
/// nothing readable is stored; the progress to show. A failed save is shown by the storage
/// notice, and the progress is kept on the page meanwhile.
fn save_change(
    slug: &str,
    doc: &MissionDoc,
    shown: &MissionProgress,
    change: &ProgressChange,
) -> MissionProgress {
    let key = GuideProgressKey::key(slug);
    let mut next = match local_storage::load::<GuideProgressKey>(&key) {
        Loaded::Found(stored) => stored,
        Loaded::Absent | Loaded::SetAside(_) => shown.clone(),
    };
    next.retain_known(doc);
    next.apply(change);
    let _ = local_storage::save::<GuideProgressKey>(&key, &next);
    next
}

fn current_path() -> String {
    browser::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

#[function_component(MissionView)]
pub fn mission_view(props: &MissionViewProps) -> Html {
    // None in the first view (it is also the page rendered at build time); the stored progress
    // right after, before the browser paints.
    let progress = {
        let slug = props.slug.clone();
        use_state(move || MissionProgress::new(&slug))
    };
    {
        let progress = progress.setter();
        let (slug, doc) = (props.slug.clone(), props.doc.clone());
        use_effect_with(props.slug.clone(), move |_| progress.set(load(&slug, &doc)));
    }

    // Another tab ticked a step: shown here too.
    {
        let progress = progress.setter();
        let (slug, doc) = (props.slug.clone(), props.doc.clone());
        use_effect_with(props.slug.clone(), move |_| {
            let key = GuideProgressKey::key(&slug);
            let listener = browser::window().map(|window| {
                EventListener::new(&window, "storage", move |event| {
                    let changed = js_sys::Reflect::get(event, &"key".into())
                        .ok()
                        .and_then(|k| k.as_string());
                    if changed.is_none_or(|k| k == key) {
                        progress.set(load(&slug, &doc));
                    }
                })
            });
            move || drop(listener)
        });
    }

    // `#build-3` in the URL: bring the step into view once it exists; later fragment changes too.
    use_effect_with(props.slug.clone(), |_| {
        deep_link::reveal_fragment();
        let listener = browser::window().map(|window| {
            EventListener::new(&window, "hashchange", |_| {
                deep_link::reveal_fragment();
            })
        });
        move || drop(listener)
    });

    let on_toggle = {
        let progress = progress.clone();
        let (slug, doc) = (props.slug.clone(), props.doc.clone());
        Callback::from(move |step: String| {
            let done = !progress.is_done(&step);
            let change = ProgressChange::Step { id: step, done };
            progress.set(save_change(&slug, &doc, &progress, &change));
        })
    };
    let on_reset = {
        let progress = progress.clone();
        let (slug, doc) = (props.slug.clone(), props.doc.clone());
        Callback::from(move |()| {
            progress.set(save_change(&slug, &doc, &progress, &ProgressChange::Reset));
        })
    };

    let page_href = if props.page_href.is_empty() {
        current_path()
    } else {
        props.page_href.to_string()
    };
    let cx = RenderContext {
        attendee: props.attendee.as_ref(),
        progress: &progress,
        on_toggle: &on_toggle,
        page_href: &page_href,
        original_url: props.original_url.as_ref(),
    };

    // The title first (the mission's own level-1 heading, or one made from its title), then progress.
    let doc = &props.doc;
    let (title, body, title_id) = match doc.blocks.split_first() {
        Some((first @ Block::Heading { level: 1, id, .. }, rest)) => {
            (blocks(std::slice::from_ref(first), &cx), rest, id.clone())
        }
        _ => {
            let text = doc.title.clone().unwrap_or_else(|| props.slug.to_string());
            (
                html! { <h1 id="mission-title" tabindex="-1">{ text }</h1> },
                doc.blocks.as_slice(),
                "mission-title".to_owned(),
            )
        }
    };
    let summary = progress.summary(doc);

    html! {
        <LiveRegion>
            <article class="mission" aria-labelledby={title_id}>
                { title }
                <ProgressPanel {summary} {on_reset} />
                { blocks(body, &cx) }
            </article>
        </LiveRegion>
    }
}
