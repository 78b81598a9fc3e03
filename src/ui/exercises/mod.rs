//! The Exercises page (placeholder until issue 8's UI lands).

use yew::prelude::*;

#[function_component(ExercisesPage)]
pub fn exercises_page() -> Html {
    html! {
        <section aria-labelledby="page-title">
            <h1 id="page-title">{ "Exercises" }</h1>
            <p class="placeholder">{ "Practise the mission's Testing section offline here." }</p>
        </section>
    }
}
