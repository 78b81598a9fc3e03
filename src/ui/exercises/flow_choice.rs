//! "Flow to run": the mission flow or the attendee's flow imported in the Condition lab. Switching
//! restarts the simulator session on the chosen flow; exercise results are kept per flow.

use std::rc::Rc;

use yew::prelude::*;

use crate::lab::YourFlow;
use crate::sim::FlowId;
use crate::ui::route::{self, Route};

/// What the attendee picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Mission,
    Yours,
}

#[derive(Properties, PartialEq)]
pub struct FlowChoiceProps {
    /// The flow the session runs now.
    pub current: FlowId,
    /// The flow imported in the Condition lab, if any.
    pub yours: Option<Rc<YourFlow>>,
    pub on_choose: Callback<Choice>,
}

/// "Your flow: name.json" (a pasted export has no file name).
fn yours_label(flow: &YourFlow) -> String {
    format!(
        "Your flow: {}",
        flow.name.as_deref().unwrap_or("the pasted export")
    )
}

#[function_component(FlowChoice)]
pub fn flow_choice(props: &FlowChoiceProps) -> Html {
    let on_yours = !props.current.is_mission();
    let choose = |choice: Choice| {
        let on_choose = props.on_choose.clone();
        Callback::from(move |_: Event| on_choose.emit(choice))
    };
    let errors = props.yours.as_ref().map_or(0, |f| f.errors());
    let not_mission = props.yours.as_ref().is_some_and(|f| !f.mission_flow);
    let label = props
        .yours
        .as_deref()
        .map_or_else(|| "Your flow (none loaded)".to_string(), yours_label);
    let your_flow_href = route::link_href(&Route::Lab(None), Some("your-flow"));
    html! {
        <fieldset class="ex-flow-choice" aria-describedby="ex-flow-choice-note">
            <legend>{ "Flow to run" }</legend>
            <div class="ex-flow-options">
                <div class="ex-choice">
                    <input type="radio" id="ex-flow-mission" name="ex-flow" value="mission"
                        checked={!on_yours} onchange={choose(Choice::Mission)} />
                    <label for="ex-flow-mission">{ "Mission flow" }</label>
                </div>
                <div class="ex-choice">
                    <input type="radio" id="ex-flow-yours" name="ex-flow" value="yours"
                        checked={on_yours} disabled={props.yours.is_none()}
                        onchange={choose(Choice::Yours)} />
                    <label for="ex-flow-yours">{ label }</label>
                </div>
            </div>
            <p id="ex-flow-choice-note" class="ex-muted">
                { "Switching restarts the simulator session on that flow. Exercise results are kept per flow: a pass on one flow does not count for the other." }
            </p>
            if props.yours.is_none() {
                <p class="ex-flow-none">
                    { "No flow is imported yet. " }
                    <a href={your_flow_href.clone()} onclick={route::follow(Route::Lab(None), Some("your-flow"))}>{ "Load your Flow Designer export in the Condition lab's “Your flow” card" }</a>
                    { " to run the simulator and the exercises on it." }
                </p>
            } else if not_mission {
                <p class="ex-flow-errors" id="ex-flow-not-mission">
                    { "Your flow is not the mission's flow: the simulator runs it from its start as it is, and the exercises, written for the mission, say where it behaves differently. " }
                    <a href={your_flow_href.clone()} onclick={route::follow(Route::Lab(None), Some("your-flow"))}>{ "See what the companion understood of it" }</a>
                </p>
            } else if errors > 0 {
                <p class="ex-flow-errors">
                    { format!(
                        "The mission checker found {errors} error{} in your flow: exercises on it fail where your flow behaves differently, and say why. ",
                        if errors == 1 { "" } else { "s" }
                    ) }
                    <a href={your_flow_href.clone()} onclick={route::follow(Route::Lab(None), Some("your-flow"))}>{ "See the findings in the Condition lab" }</a>
                </p>
            }
        </fieldset>
    }
}
