//! The Guide page: which mission to show for the route.

use std::rc::Rc;

use yew::prelude::*;

use crate::guide::{catalogue, AttendeeId, Mission, MissionDoc};
use crate::ui::route::Route;

use super::mission_list::MissionList;
use super::mission_view::MissionView;

#[derive(Properties, PartialEq)]
pub struct GuidePageProps {
    /// The mission slug from the URL (`guide/<slug>`); `None` opens the first mission.
    pub mission: Option<String>,
    /// The attendee's valid ID, if set.
    pub attendee: Option<AttendeeId>,
}

/// The mission a route shows: the named one, or the only one when none is named.
fn selected(missions: &[Mission], slug: Option<&str>) -> Option<(Mission, Rc<MissionDoc>)> {
    let mission = match slug {
        Some(slug) => missions.iter().find(|m| m.slug == slug),
        None if missions.len() == 1 => missions.first(),
        None => None,
    }?;
    Some((mission.clone(), Rc::new(mission.document())))
}

#[function_component(GuidePage)]
pub fn guide_page(props: &GuidePageProps) -> Html {
    let missions = use_memo((), |_| catalogue());
    let selection = {
        let missions = missions.clone();
        use_memo(props.mission.clone(), move |slug| {
            selected(&missions, slug.as_deref())
        })
    };

    match (&*selection, &props.mission) {
        (Some((mission, doc)), _) => html! {
            <>
                if missions.len() > 1 {
                    <MissionList missions={missions.clone()} current={mission.slug.clone()} />
                }
                <MissionView
                    key={mission.slug.clone()}
                    slug={AttrValue::from(mission.slug.clone())}
                    doc={doc.clone()}
                    attendee={props.attendee.clone()}
                    original_url={mission.original_url.clone()}
                    page_href={AttrValue::from(Route::Guide(props.mission.clone()).href())}
                />
            </>
        },
        (None, Some(slug)) => html! {
            <section class="guide-index" aria-labelledby="page-title">
                <h1 id="page-title">{ "Mission guide" }</h1>
                <p class="guide-missing" role="alert">
                    { format!("There is no mission “{slug}”. ") }
                    <a href={Route::Guide(None).href()}>{ "See the list of missions" }</a>
                    { ", or pick one here:" }
                </p>
                <MissionList missions={missions.clone()} />
            </section>
        },
        (None, None) => html! {
            <section class="guide-index" aria-labelledby="page-title">
                <h1 id="page-title">{ "Mission guide" }</h1>
                if missions.is_empty() {
                    <p>{ "No missions are included in this build." }</p>
                } else {
                    <p>{ "Pick the mission you are working on:" }</p>
                    <MissionList missions={missions.clone()} />
                }
            </section>
        },
    }
}
