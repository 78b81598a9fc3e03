//! Images of the original guide are not shipped: a labelled placeholder names the image and its path,
//! and links to the original guide page when the mission says where that is. Nothing is ever loaded.

use yew::prelude::*;

use crate::guide::{ImagePlaceholder, SafeHref};

use super::inlines::new_tab_link;

fn label(image: &ImagePlaceholder) -> String {
    let size = match (&image.width, &image.height) {
        (Some(w), Some(h)) => format!(" ({w} × {h})"),
        (Some(w), None) => format!(" ({w} wide)"),
        (None, Some(h)) => format!(" ({h} high)"),
        (None, None) => String::new(),
    };
    match image.alt.trim() {
        "" => format!("Image{size}"),
        alt => format!("Image: {alt}{size}"),
    }
}

/// An image on its own line: a figure.
pub fn figure(image: &ImagePlaceholder, original_url: Option<&SafeHref>) -> Html {
    html! {
        <figure class="image-placeholder">
            <figcaption>
                <span class="image-placeholder-label">{ label(image) }</span>
                { " — not included in the companion " }
                <code class="image-placeholder-path">{ image.path.clone() }</code>
                if let Some(url) = original_url {
                    { " " }
                    { new_tab_link(url.as_str(), html! { "See it in the original guide" }) }
                }
            </figcaption>
        </figure>
    }
}

/// An image inside running text: a short bracketed label.
pub fn inline(image: &ImagePlaceholder) -> Html {
    html! {
        <span class="image-placeholder image-placeholder-inline">
            { format!("[{}]", label(image)) }
        </span>
    }
}
