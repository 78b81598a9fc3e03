//! The missions of the build, as links to their guides.

use yew::prelude::*;

use crate::ui::missions::Missions;
use crate::ui::route::{self, Route};

#[derive(Properties, PartialEq)]
pub struct MissionListProps {
    pub missions: Missions,
    /// The slug of the mission on screen, marked as the current page.
    #[prop_or_default]
    pub current: Option<String>,
}

#[function_component(MissionList)]
pub fn mission_list(props: &MissionListProps) -> Html {
    html! {
        <nav class="mission-list" aria-label="Mission guides">
            <ul>
                { for props.missions.0.missions().iter().map(|mission| {
                    let route = Route::Guide(Some(mission.slug.clone()));
                    let current = props.current.as_deref() == Some(mission.slug.as_str());
                    html! {
                        <li>
                            <a href={route.href()} onclick={route::follow(route, None)}
                                aria-current={current.then_some("page")}>
                                { mission.title.clone() }
                            </a>
                        </li>
                    }
                }) }
            </ul>
        </nav>
    }
}
