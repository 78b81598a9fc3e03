//! The mission picker, under the header when the build has more than one mission: one link per
//! mission to the same page (guide, lab or exercises) of that mission.

use yew::prelude::*;

use super::missions::Missions;
use super::route::{self, Route};

#[derive(Properties, PartialEq)]
pub struct MissionPickerProps {
    pub missions: Missions,
    pub route: Route,
    /// The mission on screen (marked as the current page).
    pub current: Option<String>,
}

#[function_component(MissionPicker)]
pub fn mission_picker(props: &MissionPickerProps) -> Html {
    if props.missions.0.len() < 2 {
        return Html::default();
    }
    html! {
        <nav class="mission-picker" aria-label="Missions">
            <ul>
                { for props.missions.0.missions().iter().map(|mission| {
                    let target = props.route.for_mission(&mission.slug);
                    let current = props.current.as_deref() == Some(mission.slug.as_str());
                    html! {
                        <li>
                            <a href={target.href()} onclick={route::follow(target, None)}
                                aria-current={current.then_some("page")} title={mission.title.clone()}>
                                { mission.short_name() }
                            </a>
                        </li>
                    }
                }) }
            </ul>
        </nav>
    }
}
