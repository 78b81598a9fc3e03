//! The Guide page: the mission the route shows, or the list of missions.

use std::rc::Rc;
use std::sync::Arc;

use yew::prelude::*;

use crate::guide::{AttendeeId, MissionDoc};
use crate::missions::Mission;
use crate::ui::missions::Missions;
use crate::ui::route::Route;

use super::mission_list::MissionList;
use super::mission_view::MissionView;

#[derive(Properties, PartialEq)]
pub struct GuidePageProps {
    /// The mission to show (`None`: the list of missions).
    pub mission: Option<Arc<Mission>>,
    /// The slug the address names (`m/<slug>`), if any: in-page links keep it, and a slug this build
    /// does not have is said so.
    pub named: Option<String>,
    /// The attendee's valid ID, if set.
    pub attendee: Option<AttendeeId>,
}

#[function_component(GuidePage)]
pub fn guide_page(props: &GuidePageProps) -> Html {
    let missions = use_context::<Missions>().unwrap_or_else(Missions::compiled);
    let doc = use_memo(props.mission.clone(), |mission| {
        mission
            .as_ref()
            .map(|m| Rc::new(MissionDoc::clone(&m.document)))
    });

    match (&props.mission, &*doc, &props.named) {
        (Some(mission), Some(doc), _) => html! {
            <MissionView
                key={mission.slug.clone()}
                slug={AttrValue::from(mission.slug.clone())}
                doc={doc.clone()}
                attendee={props.attendee.clone()}
                original_url={mission.original_url.clone()}
                page_href={AttrValue::from(Route::Guide(props.named.clone()).href())}
            />
        },
        (_, _, Some(slug)) => html! {
            <section class="guide-index" aria-labelledby="page-title">
                <h1 id="page-title">{ "Mission guide" }</h1>
                <p class="guide-missing" role="alert">
                    { format!("There is no mission “{slug}”. ") }
                    <a href={Route::Missions.href()}>{ "See the list of missions" }</a>
                    { ", or pick one here:" }
                </p>
                <MissionList missions={missions.clone()} />
            </section>
        },
        _ => html! {
            <section class="guide-index" aria-labelledby="page-title">
                <h1 id="page-title">{ "Mission guide" }</h1>
                if missions.0.is_empty() {
                    <p>{ "No missions are included in this build." }</p>
                } else {
                    <p>{ "Pick the mission you are working on:" }</p>
                    <MissionList missions={missions.clone()} />
                }
            </section>
        },
    }
}
