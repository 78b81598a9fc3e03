//! The lab's Markdown missions: the `guide` crate (parser, typed document, attendee ID, progress),
//! re-exported under this module's old name. The missions themselves are [`crate::missions`].
//!
//! Rendering is one `match` per enum; values that carry the attendee ID are computed from it:
//!
//! ```
//! use callback_lab::guide::{AttendeeId, Block, Inline};
//!
//! fn inline(node: &Inline, id: Option<&AttendeeId>, out: &mut String) {
//!     match node {
//!         Inline::Text(text) => out.push_str(text),
//!         Inline::Code(code) => out.push_str(&callback_lab::guide::inline_code(code, id)),
//!         Inline::Strong(c)
//!         | Inline::Emphasis(c)
//!         | Inline::Strikethrough(c)
//!         | Inline::Mark(c)
//!         | Inline::Insert(c)
//!         | Inline::Superscript(c)
//!         | Inline::Subscript(c) => c.iter().for_each(|n| inline(n, id, out)),
//!         // <a href={link.href.as_str()} target="_blank" rel="noopener noreferrer" when new_tab>
//!         Inline::Link(link) => link.content.iter().for_each(|n| inline(n, id, out)),
//!         Inline::Image(image) => out.push_str(&format!("[image: {}]", image.alt)),
//!         Inline::LineBreak => out.push('\n'),
//!         // A copy button when `value.copy`; warn when `payload.missing_attendee_id`.
//!         Inline::AttendeeValue(value) => out.push_str(&value.payload(id).text),
//!         Inline::CopyStatic(_) => out.push_str(" [Copy]"),
//!         Inline::Keys(keys) => out.push_str(&keys.join("+")),
//!         Inline::Emoji(emoji) => out.push_str(&emoji.glyph),
//!         // <sup><a href="#fn:{id}">{number}</a></sup>
//!         Inline::FootnoteRef(note) => out.push_str(&format!("[{}]", note.number)),
//!         Inline::Abbreviation(abbreviation) => out.push_str(&abbreviation.text),
//!     }
//! }
//!
//! let missions = callback_lab::missions::compiled();
//! let mission = missions.find("preventing-callback-duplication").expect("the seed is compiled in");
//! let doc = &mission.document;
//! let id = AttendeeId::parse("123").ok();
//! let mut text = String::new();
//! if let Some(Block::List(build)) = doc.blocks.get(10) {
//!     let first = &build.items[0];
//!     assert_eq!(first.step.as_ref().map(|s| s.id.as_str()), Some("build-1"));
//!     if let Some(Block::Paragraph { content, .. }) = first.blocks.first() {
//!         content.iter().for_each(|n| inline(n, id.as_ref(), &mut text));
//!     }
//! }
//! assert!(text.starts_with("Switch to the Flow Designer. Open your flow Main_Flow_123 and"));
//! ```

pub use ::guide::*;
