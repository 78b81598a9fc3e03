//! The Guide page: a mission rendered from its Markdown model (placeholder until issue 6's UI lands).

use yew::prelude::*;

use crate::guide::AttendeeId;

#[derive(Properties, PartialEq)]
pub struct GuidePageProps {
    /// The mission slug from the URL (`guide/<slug>`); `None` opens the first mission.
    pub mission: Option<String>,
    /// The attendee's valid ID, if set.
    pub attendee: Option<AttendeeId>,
}

#[function_component(GuidePage)]
pub fn guide_page(_props: &GuidePageProps) -> Html {
    html! {
        <section aria-labelledby="page-title">
            <h1 id="page-title">{ "Mission guide" }</h1>
            <p class="placeholder">{ "The mission steps appear here." }</p>
        </section>
    }
}
