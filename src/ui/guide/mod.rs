//! The Guide page: a mission's typed document ([`crate::guide::MissionDoc`]) rendered as a lab guide.
//!
//! Components are thin and props-driven; the document is rendered by one `match` per enum:
//! [`blocks`] for [`crate::guide::Block`], [`inlines`] for [`crate::guide::Inline`]. Nothing from the
//! content becomes raw markup: text is text, links are [`crate::guide::SafeHref`]s.
//!
//! - [`GuidePage`]: picks the mission from the route (a list when there are several, a message for an
//!   unknown slug),
//! - [`MissionView`]: one mission with its progress, copy announcements and deep link,
//! - [`CopyButton`] over [`clipboard`]: the Clipboard API with a select-the-text fallback.

mod admonition;
mod announcer;
mod blocks;
pub mod clipboard;
mod code_block;
mod copy_button;
pub(crate) mod deep_link;
mod image_placeholder;
mod inlines;
mod mission_list;
mod mission_view;
mod page;
mod progress_panel;
mod step;
mod tabs;

pub use copy_button::{CopyButton, CopyButtonProps};
pub use mission_list::{MissionList, MissionListProps};
pub use mission_view::{MissionView, MissionViewProps};
pub use page::{GuidePage, GuidePageProps};
