//! One mission: its title, progress, the document, and the live region copy buttons report to.

use std::rc::Rc;

use gloo_events::EventListener;
use yew::prelude::*;

use crate::guide::{AttendeeId, Block, MissionDoc, MissionProgress, SafeHref};
use crate::storage::GuideProgressKey;
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

/// The progress as stored, and whether the attendee changed it since it was loaded.
#[derive(Clone, PartialEq)]
struct StoredProgress {
    progress: MissionProgress,
    changed: bool,
}

enum ProgressAction {
    Toggle(String),
    Reset,
}

impl Reducible for StoredProgress {
    type Action = ProgressAction;

    fn reduce(self: Rc<Self>, action: ProgressAction) -> Rc<Self> {
        let mut progress = self.progress.clone();
        match action {
            ProgressAction::Toggle(step) => progress.toggle(&step),
            ProgressAction::Reset => progress.reset(),
        }
        Rc::new(StoredProgress {
            progress,
            changed: true,
        })
    }
}

/// Stored progress of `slug`; unreadable or foreign data is set aside (and reported) and starts afresh.
fn load(slug: &str, doc: &MissionDoc) -> StoredProgress {
    let mut progress = local_storage::load::<GuideProgressKey>(&GuideProgressKey::key(slug))
        .found()
        .unwrap_or_else(|| MissionProgress::new(slug));
    progress.retain_known(doc);
    StoredProgress {
        progress,
        changed: false,
    }
}

fn current_path() -> String {
    browser::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

#[function_component(MissionView)]
pub fn mission_view(props: &MissionViewProps) -> Html {
    let progress = {
        let (slug, doc) = (props.slug.clone(), props.doc.clone());
        use_reducer(move || load(&slug, &doc))
    };

    // Save every change the attendee makes (not the load itself); a failure is shown by the
    // storage notice, and the progress is kept on the page meanwhile.
    {
        let slug = props.slug.clone();
        use_effect_with((*progress).clone(), move |stored| {
            if stored.changed {
                let key = GuideProgressKey::key(&slug);
                let _ = local_storage::save::<GuideProgressKey>(&key, &stored.progress);
            }
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
        Callback::from(move |step: String| progress.dispatch(ProgressAction::Toggle(step)))
    };
    let on_reset = {
        let progress = progress.clone();
        Callback::from(move |()| progress.dispatch(ProgressAction::Reset))
    };

    let page_href = if props.page_href.is_empty() {
        current_path()
    } else {
        props.page_href.to_string()
    };
    let cx = RenderContext {
        attendee: props.attendee.as_ref(),
        progress: &progress.progress,
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
    let summary = progress.progress.summary(doc);

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
