//! The Condition lab page (placeholder until issue 7's UI lands).

use yew::prelude::*;

#[function_component(LabPage)]
pub fn lab_page() -> Html {
    html! {
        <section aria-labelledby="page-title">
            <h1 id="page-title">{ "Condition lab" }</h1>
            <p class="placeholder">{ "Paste a Search API response and see the Condition's verdict here." }</p>
        </section>
    }
}
