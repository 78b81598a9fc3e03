//! The missions compiled in, as links to their pages.

use std::rc::Rc;

use yew::prelude::*;

use crate::guide::Mission;
use crate::ui::browser;
use crate::ui::route::{self, Route};

#[derive(Properties, PartialEq)]
pub struct MissionListProps {
    pub missions: Rc<Vec<Mission>>,
    /// The slug of the mission on screen, marked as the current page.
    #[prop_or_default]
    pub current: Option<String>,
}

/// Follows an in-app link without reloading: the app listens to `popstate` and reads the new route.
fn follow(route: Route) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        if e.ctrl_key() || e.meta_key() || e.shift_key() || e.button() != 0 {
            return;
        }
        let Some(window) = browser::window() else {
            return;
        };
        let Ok(event) = web_sys::Event::new("popstate") else {
            return;
        };
        e.prevent_default();
        route::push(&route);
        let _ = window.dispatch_event(&event);
    })
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
                            <a href={route.href()} onclick={follow(route)}
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
