//! What the Condition lab and the Exercises show before the app has started: their heading and
//! explanation (the same words as the running pages), and where the interactive part will be, a
//! note that it runs on WebAssembly. This is what the build-time renderer writes for these routes,
//! and the first view the app hydrates; then the real page takes its place.

use yew::prelude::*;

/// The Condition lab's explanation, under its heading.
pub const LAB_INTRO: &str = "Paste the Search API response your flow received (or pick a sample) and see at once whether the mission's Condition goes True or False, and why. Change the JSONPaths or the expression to try fixes.";

/// The Exercises' explanation, under their heading.
pub const EXERCISES_INTRO: &str = "Rehearse the mission without a tenant: a simulated contact center runs the mission's flow — or your own, imported in the Condition lab — on the same engine, with a Debugger and graded exercises. Nothing here needs the network.";

/// Said where the interactive part will be until it has started.
pub const NEEDS_WEBASSEMBLY: &str = "The interactive part runs on WebAssembly: it appears here once it has loaded. The guide reads without it.";

#[function_component(LabPreview)]
pub fn lab_preview() -> Html {
    html! {
        <section class="lab-page" aria-labelledby="page-title">
            <div class="lab-title">
                <h1 id="page-title">{ "Condition lab" }</h1>
            </div>
            <p class="lab-intro">{ LAB_INTRO }</p>
            <p class="needs-wasm">{ NEEDS_WEBASSEMBLY }</p>
        </section>
    }
}

#[function_component(ExercisesPreview)]
pub fn exercises_preview() -> Html {
    html! {
        <div class="ex-page">
            <h1 id="page-title">{ "Exercises" }</h1>
            <p>{ EXERCISES_INTRO }</p>
            <p class="needs-wasm">{ NEEDS_WEBASSEMBLY }</p>
        </div>
    }
}
