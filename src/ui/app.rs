//! The root component: owns the state, wires browser events to actions, picks the page.

use std::sync::Arc;

use gloo_events::EventListener;
use yew::prelude::*;

use crate::guide::AttendeeId;
use crate::missions::Mission;
use crate::storage::{
    AttendeeIdKey, CurrentMissionKey, ThemeKey, ATTENDEE_ID, CURRENT_MISSION, THEME,
};

use super::browser;
use super::data_panel::DataPanel;
use super::exercises::ExercisesPage;
use super::guide::GuidePage;
use super::header::Header;
use super::hydration;
use super::lab::LabPage;
use super::local_storage;
use super::mission_picker::MissionPicker;
use super::missions::Missions;
use super::page_preview::{ExercisesPreview, LabPreview};
use super::route::{self, Route};
use super::shared_flow::{self, LazyFlow, SharedFlow};
use super::state::{Action, AppState, AttendeeInput, Theme};
use super::storage_notice::StorageNotice;

/// `?attendee=123` (a proctor's link) wins over the stored ID, once: it is taken out of the URL, so
/// in-app navigation and reloads keep what the attendee types afterwards. An empty value is no ID
/// and changes nothing. Any other text shows in the field (with its error) and is stored only if valid.
fn attendee_link() -> Option<String> {
    browser::take_query_param("attendee").filter(|text| !text.trim().is_empty())
}

/// The state read from the browser, which replaces the first view once the app has started.
fn restored_state() -> AppState {
    // Read (and a damaged value set aside) even when the URL names the ID.
    let stored = local_storage::load::<AttendeeIdKey>(ATTENDEE_ID).found();
    // Typed before the app started: kept like a link's ID, since the attendee meant it.
    let text = match attendee_link().or_else(hydration::typed_attendee) {
        Some(linked) => {
            if let Ok(id) = AttendeeId::parse(&linked) {
                let _ = local_storage::save::<AttendeeIdKey>(ATTENDEE_ID, &id);
            }
            linked
        }
        None => stored.map(|id| id.to_string()).unwrap_or_default(),
    };
    let theme = local_storage::load::<ThemeKey>(THEME).found();
    let online = browser::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true);
    // Read, not imported: only the pages that show the flow import it.
    let your_flow = LazyFlow::stored();
    let route = route::current();
    // Read (and a damaged value set aside) even when the address names the mission.
    let remembered = local_storage::load::<CurrentMissionKey>(CURRENT_MISSION).found();
    let mission = route.mission().map(str::to_owned).or(remembered);
    AppState {
        started: true,
        route,
        mission,
        attendee: AttendeeInput::new(text),
        theme: Theme::from_stored(theme),
        online,
        your_flow,
        flow_problem: None,
        flow_revision: 0,
    }
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The missions the app shows.
    pub missions: Missions,
}

impl Default for AppProps {
    fn default() -> Self {
        AppProps {
            missions: Missions::compiled(),
        }
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    // First the view the build-time renderer wrote, with the ID the page shows by then (so
    // hydration finds what it expects), then, in the last effect below, the stored state (the
    // remembered mission with it). The stored theme's colours apply before the first paint (a
    // script in the page's head); the theme button says which one once the stored state is in.
    let state = use_reducer(|| AppState::first_view(route::current(), hydration::shown_attendee()));
    let missions = props.missions.clone();
    let mission = missions.current(&state.route, state.mission.as_deref());

    // Back/forward buttons.
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let listener = browser::window().map(|w| {
                EventListener::new(&w, "popstate", move |_| {
                    state.dispatch(Action::Navigate(route::current()))
                })
            });
            move || drop(listener)
        });
    }
    // Online/offline indicator.
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let listeners = browser::window().map(|w| {
                let (s1, s2) = (state.clone(), state.clone());
                (
                    EventListener::new(&w, "online", move |_| s1.dispatch(Action::SetOnline(true))),
                    EventListener::new(&w, "offline", move |_| {
                        s2.dispatch(Action::SetOnline(false))
                    }),
                )
            });
            move || drop(listeners)
        });
    }
    // Persist a valid attendee ID under the guide's own key; an empty field clears it. Only edits
    // write: at start the key holds what the field shows, or a value of the guide's that is not
    // an ID of ours and stays as it is. A failed save is shown by the storage notice.
    {
        let seen = use_mut_ref(|| false);
        use_effect_with(
            (state.started, state.attendee.clone()),
            move |(started, attendee)| {
                if !*started || !std::mem::replace(&mut *seen.borrow_mut(), true) {
                    return;
                }
                if let Some(id) = attendee.id() {
                    let _ = local_storage::save::<AttendeeIdKey>(ATTENDEE_ID, id);
                } else if attendee.text.trim().is_empty() {
                    local_storage::remove(ATTENDEE_ID);
                }
            },
        );
    }
    use_effect_with((state.started, state.theme), |&(started, theme)| {
        if !started {
            return;
        }
        browser::set_root_attribute("data-theme", theme.stored().map(|t| t.as_str()));
        match theme.stored() {
            Some(t) => {
                let _ = local_storage::save::<ThemeKey>(THEME, &t);
            }
            None => local_storage::remove(THEME),
        }
    });
    // Store the shared flow whenever the lab changed it.
    {
        let state = state.clone();
        use_effect_with(state.flow_revision, move |revision| {
            if *revision > 0 {
                if let Some(problem) = shared_flow::save(state.your_flow.get().0.as_deref()) {
                    state.dispatch(Action::FlowProblem(Some(problem)));
                }
            }
        });
    }
    // Remember the mission on screen, so the pages without one in their address show it next time
    // (once the stored state is in: the first view does not know the remembered one yet).
    use_effect_with(
        (state.started, mission.as_ref().map(|m| m.slug.clone())),
        |(started, slug)| {
            if let (true, Some(slug)) = (*started, slug) {
                let _ = local_storage::save::<CurrentMissionKey>(CURRENT_MISSION, slug);
            }
        },
    );
    use_effect_with(state.route.clone(), |route| {
        if let Some(doc) = browser::document() {
            doc.set_title(&format!("{} · Callback Lab companion", route.title()));
        }
    });

    // Last, so every effect above first ran on the first view: the hydrated page is compared with
    // the prerendered one before anything changes it, then the stored state comes in.
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            hydration::check();
            state.dispatch(Action::Started(Box::new(restored_state())));
        });
    }

    let on_attendee = {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(Action::SetAttendee(text)))
    };
    let on_theme = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::CycleTheme))
    };

    let set_your_flow = {
        let dispatcher = state.dispatcher();
        use_callback((), move |flow, _| {
            dispatcher.dispatch(Action::SetYourFlow(flow))
        })
    };
    let shared = SharedFlow {
        flow: state.your_flow.clone(),
        problem: state.flow_problem.clone(),
        set: set_your_flow,
    };

    // The lab and the simulator use the full width of large screens; the guide keeps a readable measure.
    let wide = matches!(state.route, Route::Lab(_) | Route::Exercises(_));
    html! {
        <>
            <a class="skip-link" href="#main">{ "Skip to content" }</a>
            <Header
                route={state.route.clone()}
                attendee={state.attendee.clone()}
                theme={state.theme}
                online={state.online}
                {on_attendee}
                {on_theme}
            />
            <MissionPicker
                missions={missions.clone()}
                route={state.route.clone()}
                current={mission.as_ref().map(|m| m.slug.clone())}
            />
            <main id="main" tabindex="-1" class={classes!(wide.then_some("wide"))}>
                <StorageNotice />
                <ContextProvider<Missions> context={missions}>
                    <ContextProvider<SharedFlow> context={shared}>
                        { page(&state, mission) }
                    </ContextProvider<SharedFlow>>
                </ContextProvider<Missions>>
            </main>
            <DataPanel />
        </>
    }
}

fn page(state: &AppState, mission: Option<Arc<Mission>>) -> Html {
    let attendee = state.attendee.id().cloned();
    match (&state.route, mission) {
        (Route::Guide(named), mission) => html! {
            <GuidePage {mission} named={named.clone()} {attendee} />
        },
        (Route::Missions, _) => html! { <GuidePage mission={None} named={None} {attendee} /> },
        (Route::Lab(_) | Route::Exercises(_), Some(mission)) if mission.lab.is_none() => {
            no_flow_yet(&mission, &state.route)
        }
        // Until started (and so at build time), the interactive pages show their explanation.
        (Route::Lab(_), Some(_)) if !state.started => html! { <LabPreview /> },
        (Route::Exercises(_), Some(_)) if !state.started => html! { <ExercisesPreview /> },
        (Route::Lab(_), Some(_)) => html! { <LabPage /> },
        (Route::Exercises(_), Some(_)) => html! { <ExercisesPage /> },
        (Route::Lab(named) | Route::Exercises(named), None) => html! {
            <GuidePage mission={None} named={named.clone()} {attendee} />
        },
        (Route::NotFound(path), _) => html! {
            <section aria-labelledby="page-title">
                <h1 id="page-title">{ "Page not found" }</h1>
                <p>{ format!("There is no page “{path}”. Use the navigation above.") }</p>
            </section>
        },
    }
}

/// The lab and the exercises of a mission with a guide only.
fn no_flow_yet(mission: &Mission, route: &Route) -> Html {
    let guide = Route::Guide(route.mission().map(str::to_owned));
    html! {
        <section class="no-flow" aria-labelledby="page-title">
            <h1 id="page-title">{ route.title() }</h1>
            <p role="status">
                { format!("{} has no flow yet: there is nothing to run here. ", mission.title) }
                <a href={guide.href()} onclick={route::follow(guide.clone(), None)}>{ "Open its guide" }</a>
                { "." }
            </p>
        </section>
    }
}
