//! One polite live region per mission: copy buttons report what they did, screen readers hear it.

use std::cell::Cell;

use yew::prelude::*;

/// Handed down by context; copy buttons call it with the sentence to announce.
#[derive(Clone, PartialEq)]
pub struct Announcer(pub Callback<String>);

impl Announcer {
    pub fn say(&self, message: impl Into<String>) {
        self.0.emit(message.into());
    }
}

#[derive(Properties, PartialEq)]
pub struct LiveRegionProps {
    pub children: Html,
}

/// Provides an [`Announcer`] to `children` and renders the live region after them.
#[function_component(LiveRegion)]
pub fn live_region(props: &LiveRegionProps) -> Html {
    // (sequence number, message): a new key makes a repeated message a new node, so it is read again.
    let message = use_state(|| (0u32, String::new()));
    let counter = use_mut_ref(|| Cell::new(0u32));
    let announcer = {
        let message = message.setter();
        use_memo((), move |_| {
            Announcer(Callback::from(move |text: String| {
                let next = counter.borrow().get().wrapping_add(1);
                counter.borrow().set(next);
                message.set((next, text));
            }))
        })
    };
    let (key, text) = &*message;
    html! {
        <ContextProvider<Announcer> context={(*announcer).clone()}>
            { props.children.clone() }
            <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
                if !text.is_empty() {
                    <span key={key.to_string()}>{ text.clone() }</span>
                }
            </div>
        </ContextProvider<Announcer>>
    }
}
