//! The root component: owns the state, wires browser events to actions, picks the page.

use gloo_events::EventListener;
use yew::prelude::*;

use crate::guide::AttendeeId;
use crate::storage::{AttendeeIdKey, ThemeKey, ATTENDEE_ID, THEME};

use super::browser;
use super::data_panel::DataPanel;
use super::exercises::ExercisesPage;
use super::guide::GuidePage;
use super::header::Header;
use super::hydration;
use super::lab::LabPage;
use super::local_storage;
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
    AppState {
        started: true,
        route: route::current(),
        attendee: AttendeeInput::new(text),
        theme: Theme::from_stored(theme),
        online,
        your_flow,
        flow_problem: None,
        flow_revision: 0,
    }
}

#[function_component(App)]
pub fn app() -> Html {
    // First the view the build-time renderer wrote, with the ID the page shows by then (so
    // hydration finds what it expects), then, in the last effect below, the stored state. The
    // stored theme's colours apply before the first paint (a script in the page's head); the
    // theme button says which one once the stored state is in.
    let state = use_reducer(|| AppState::first_view(route::current(), hydration::shown_attendee()));

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
    let wide = matches!(state.route, Route::Lab | Route::Exercises);
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
            <main id="main" tabindex="-1" class={classes!(wide.then_some("wide"))}>
                <StorageNotice />
                <ContextProvider<SharedFlow> context={shared}>
                    { page(&state) }
                </ContextProvider<SharedFlow>>
            </main>
            <DataPanel />
        </>
    }
}

fn page(state: &AppState) -> Html {
    match &state.route {
        // Until started (and so at build time), the interactive pages show their explanation.
        Route::Lab if !state.started => html! { <LabPreview /> },
        Route::Exercises if !state.started => html! { <ExercisesPreview /> },
        Route::Guide(mission) => html! {
            <GuidePage mission={mission.clone()} attendee={state.attendee.id().cloned()} />
        },
        Route::Lab => html! { <LabPage /> },
        Route::Exercises => html! { <ExercisesPage /> },
        Route::NotFound(path) => html! {
            <section aria-labelledby="page-title">
                <h1 id="page-title">{ "Page not found" }</h1>
                <p>{ format!("There is no page “{path}”. Use the navigation above.") }</p>
            </section>
        },
    }
}
