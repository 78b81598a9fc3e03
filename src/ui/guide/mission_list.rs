//! The missions compiled in, as links to their pages.

use std::rc::Rc;

use yew::prelude::*;

use crate::guide::Mission;
use crate::ui::route::{self, Route};

#[derive(Properties, PartialEq)]
pub struct MissionListProps {
    pub missions: Rc<Vec<Mission>>,
    /// The slug of the mission on screen, marked as the current page.
    #[prop_or_default]
    pub current: Option<String>,
}

#[function_component(MissionList)]
pub fn mission_list(props: &MissionListProps) -> Html {
    html! {
        <nav class="mission-list" aria-label="Missions">
            <ul>
                { for props.missions.iter().map(|mission| {
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
