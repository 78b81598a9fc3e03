//! The lab state in `localStorage` as two entries ([`saved`]'s version 2): the inputs under
//! [`LAB_STATE`] (small: written on every save) and the response body under [`LAB_BODY`] (plain
//! text: written only when the body changed). After an edit that keeps a 1 MB body, a save writes a
//! few hundred bytes instead of re-serialising and re-writing the megabyte.
//!
//! - [`restore`]: the inputs with their body. A body entry that is missing or is not the one the
//!   state refers to ([`saved::BodyRef`]: length and hash) is reported — set aside byte for byte
//!   when there is one — and the rest of the state is restored with an empty response. A body entry
//!   that no saved state refers to is set aside too, never overwritten unseen. Version 1 (the body
//!   inline) reads as it is; nothing is written back until the next save (which writes version 2).
//! - [`Saver`]: what the body entry holds, so a save writes it only when the body changed. It keeps
//!   the body it last wrote (a shared allocation, not a copy): an unchanged body is the same
//!   allocation (a pointer compare) or equal text; a new one is hashed once, when it is written.
//!
//! Writes go body first, then the state that refers to it: a body that cannot be stored (a full
//! storage) leaves a state that says so (`"kept": false`), with the other inputs saved.
//!
//! Two tabs: the [`Saver`] remembers the state text it last read or wrote. When the entry holds
//! another text (another tab saved), that tab's inputs are merged in per input ([`merge`]) before
//! this tab writes, and [`Saver::sync`] does the same when the page hears of the other tab's save
//! (the `storage` event), so the page can show the other tab's changes at once.

use std::sync::Arc;

use crate::lab::merge::{self, Field, Merged};
pub use crate::lab::saved::Saver;
use crate::lab::saved::{self, BodyPlace, BodyRef, Known, StoredLab, Written};
use crate::lab::LabInputs;
use crate::storage::{
    self, format_size, Backend, Kept, LabBodyKey, LabStateKey, Loaded, Report, Unreadable,
    WriteError, LAB_BODY, LAB_STATE,
};

/// The lab's inputs as restored, and what the attendee must be told.
#[derive(Debug)]
pub struct Restored {
    pub inputs: LabInputs,
    /// Stored data set aside or missing, for the storage notice.
    pub reports: Vec<Report>,
    /// Knows what the body entry holds now: the first save writes it only if the body changed.
    pub saver: Saver,
}

/// Reads the lab state and its body from `store` (writing nothing but set-aside copies).
pub fn restore(store: &mut impl Backend) -> Restored {
    let mut reports = Vec::new();
    let mut saver = Saver::default();
    let (mut inputs, place) = match storage::load::<LabStateKey>(store, LAB_STATE) {
        Loaded::Found(StoredLab { inputs, body }) => (inputs, Some(body)),
        Loaded::SetAside(aside) => {
            reports.push(Report::SetAside(aside));
            (LabInputs::default(), None)
        }
        Loaded::Absent => (LabInputs::default(), None),
    };
    match place {
        Some(BodyPlace::Apart(reference)) if reference.kept && reference.bytes > 0 => {
            match read_body(store, &mut reports) {
                Some(body) if reference.matches(&body) => {
                    inputs.body = Arc::clone(&body);
                    saver.written = Some(Written { body, reference });
                }
                Some(body) => {
                    let found = if body.len() == reference.bytes {
                        format!(
                            "the lab state refers to another response of the same size ({})",
                            format_size(body.len())
                        )
                    } else {
                        format!(
                            "the lab state refers to a response of {} bytes; this one has {}",
                            reference.bytes,
                            body.len()
                        )
                    };
                    let aside =
                        storage::move_aside(store, LAB_BODY, &body, Unreadable::mismatch(found));
                    reports.push(Report::SetAside(aside));
                    without_body(&mut inputs);
                }
                None => {
                    reports.push(Report::missing(
                        LAB_BODY,
                        format!(
                            "the Condition lab state refers to a response of {} under “{LAB_BODY}”, \
                             which is not there. The other inputs were restored; paste or open the \
                             response again.",
                            format_size(reference.bytes)
                        ),
                    ));
                    without_body(&mut inputs);
                }
            }
        }
        Some(BodyPlace::Apart(reference)) => {
            // An empty response, or one that could not be stored: no body entry belongs to it.
            if !reference.kept {
                without_body(&mut inputs);
            }
            set_aside_unreferenced(store, &mut reports);
            saver.written = Some(Written {
                body: Arc::clone(&inputs.body),
                reference: BodyRef::of(""),
            });
        }
        // Version 1 (inline), or no state: a body entry is nobody's.
        Some(BodyPlace::Inline) | None => set_aside_unreferenced(store, &mut reports),
    }
    saver.known = store.get(LAB_STATE).ok().flatten().map(|text| Known {
        text,
        inputs: inputs.clone(),
    });
    Restored {
        inputs,
        reports,
        saver,
    }
}

/// The text under [`LAB_BODY`]; `None` when there is none.
fn read_body(store: &mut impl Backend, reports: &mut Vec<Report>) -> Option<Arc<str>> {
    match storage::load::<LabBodyKey>(store, LAB_BODY) {
        Loaded::Found(body) => Some(body),
        Loaded::SetAside(aside) => {
            reports.push(Report::SetAside(aside));
            None
        }
        // Blank text reads as "not set" for plain-text keys; a blank response is still a response.
        Loaded::Absent => store.get(LAB_BODY).ok().flatten().map(Arc::from),
    }
}

fn without_body(inputs: &mut LabInputs) {
    inputs.body = Arc::from("");
    inputs.sample = None;
}

/// A body entry no saved state refers to is set aside (not overwritten by the next save).
fn set_aside_unreferenced(store: &mut impl Backend, reports: &mut Vec<Report>) {
    let reason = Unreadable::mismatch("no saved Condition lab state refers to it");
    if let Some(aside) = storage::set_aside(store, LAB_BODY, reason) {
        reports.push(Report::SetAside(aside));
    }
}

/// What one save did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Saved {
    /// Each entry written, and how it went (for the storage notice). An entry not written because
    /// it did not change is not listed.
    pub writes: Vec<(&'static str, Result<(), WriteError>)>,
    /// The response (this many bytes) could not be stored; the other inputs were.
    pub body_not_kept: Option<usize>,
    /// Another tab had saved since this one last did: its changes merged in (the inputs saved).
    pub merged: Option<FromElsewhere>,
}

/// Another tab's save, merged into this tab's inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct FromElsewhere {
    pub merged: Merged,
    /// Where the other tab's response was set aside, when both tabs changed it.
    pub set_aside: Option<String>,
}

impl FromElsewhere {
    /// What to tell the attendee (`None`: nothing this tab shows changed).
    pub fn message(&self) -> Option<String> {
        self.merged.message(self.set_aside.as_deref())
    }
}

impl Saver {
    /// Another tab's save, if the state entry holds one this tab has not seen: merged into `mine`.
    /// From then on the entry's text is the one this tab knows (and the body entry's body, when
    /// it was read).
    pub fn sync(&mut self, store: &mut impl Backend, mine: &LabInputs) -> Option<FromElsewhere> {
        let text = store.get(LAB_STATE).ok().flatten()?;
        if self.known.as_ref().is_some_and(|k| k.text == text) {
            return None;
        }
        let stored = storage::decode::<LabStateKey>(LAB_STATE, &text).ok()?;
        let base = match &self.known {
            Some(known) => known.inputs.clone(),
            // Nothing was stored when this tab started: it started from the defaults.
            None => LabInputs::default(),
        };
        let theirs = self.their_inputs(store, stored, &base);
        let merged = merge::merge(&base, mine, &theirs);
        let set_aside = merged
            .conflicts
            .iter()
            .any(|c| c.field == Field::Response)
            .then(|| set_aside_their_body(store, &theirs.body))
            .flatten();
        self.known = Some(Known {
            text,
            inputs: theirs,
        });
        Some(FromElsewhere { merged, set_aside })
    }

    /// The inputs of another tab's state, with their body: read from the body entry when the state
    /// refers to another body than `base`'s (and that entry holds it), else `base`'s.
    fn their_inputs(
        &mut self,
        store: &mut impl Backend,
        stored: StoredLab,
        base: &LabInputs,
    ) -> LabInputs {
        let StoredLab { mut inputs, body } = stored;
        let BodyPlace::Apart(reference) = body else {
            return inputs;
        };
        inputs.body = Arc::clone(&base.body);
        if !reference.kept || reference == BodyRef::of(&base.body) {
            return inputs;
        }
        if reference.bytes == 0 {
            inputs.body = Arc::from("");
        } else if let Some(body) = store
            .get(LAB_BODY)
            .ok()
            .flatten()
            .filter(|b| reference.matches(b))
        {
            let body: Arc<str> = Arc::from(body);
            self.written = Some(Written {
                body: Arc::clone(&body),
                reference,
            });
            inputs.body = body;
        }
        inputs
    }

    /// Saves `inputs`: the body entry if the body changed (or its last write failed), then the state.
    /// Another tab's save since this tab's last one is merged in first ([`Saved::merged`]).
    pub fn save(&mut self, store: &mut impl Backend, inputs: &LabInputs) -> Saved {
        let mut saved = Saved {
            merged: self.sync(store, inputs),
            ..Saved::default()
        };
        // Cheap: the body is shared, the rest is a few short strings.
        let inputs = match &saved.merged {
            Some(elsewhere) => elsewhere.merged.inputs.clone(),
            None => inputs.clone(),
        };
        let inputs = &inputs;
        let reference = self.save_body(store, &inputs.body, &mut saved);
        let state = StoredLab {
            inputs: inputs.clone(),
            body: BodyPlace::Apart(reference),
        };
        let text = saved::to_json_stored(&state);
        let result = storage::save::<LabStateKey>(store, LAB_STATE, &state);
        let state_saved = result.is_ok();
        if state_saved {
            // As another tab will read it (the body is the one written, or none when not kept).
            let mut known = storage::decode::<LabStateKey>(LAB_STATE, &text)
                .map(|s| s.inputs)
                .unwrap_or_else(|_| inputs.clone());
            known.body = match &state.body {
                BodyPlace::Apart(r) if !r.kept => Arc::from(""),
                _ => Arc::clone(&inputs.body),
            };
            self.known = Some(Known {
                text,
                inputs: known,
            });
        }
        saved.writes.push((LAB_STATE, result));
        // An empty body has no entry: an earlier one goes once the state no longer refers to it.
        let emptied = inputs.body.is_empty()
            && self
                .written
                .as_ref()
                .is_none_or(|w| !w.body.is_empty() || w.reference.bytes > 0);
        if emptied && state_saved && store.remove(LAB_BODY).is_ok() {
            saved.writes.push((LAB_BODY, Ok(())));
            self.written = Some(Written {
                body: Arc::clone(&inputs.body),
                reference: BodyRef::of(""),
            });
        }
        saved
    }

    /// Writes `body` if the entry does not hold it yet; what the state is to say of it.
    fn save_body(
        &mut self,
        store: &mut impl Backend,
        body: &Arc<str>,
        saved: &mut Saved,
    ) -> BodyRef {
        if let Some(w) = &mut self.written {
            if Arc::ptr_eq(&w.body, body) || *w.body == **body {
                w.body = Arc::clone(body);
                if w.reference.kept || body.is_empty() {
                    return w.reference.clone();
                }
                // It could not be stored last time: try again (room may have been made).
                let reference = BodyRef {
                    kept: true,
                    ..w.reference.clone()
                };
                return self.write_body(store, body, reference, saved);
            }
        }
        if body.is_empty() {
            return BodyRef::of("");
        }
        self.write_body(store, body, BodyRef::of(body), saved)
    }

    fn write_body(
        &mut self,
        store: &mut impl Backend,
        body: &Arc<str>,
        mut reference: BodyRef,
        saved: &mut Saved,
    ) -> BodyRef {
        match storage::save::<LabBodyKey>(store, LAB_BODY, body) {
            Ok(()) => saved.writes.push((LAB_BODY, Ok(()))),
            Err(error) => {
                reference.kept = false;
                saved.body_not_kept = Some(body.len());
                // It holds an earlier body that no state will refer to: it goes, making room.
                let _ = store.remove(LAB_BODY);
                // No storage at all is said once, by the state's own report.
                if error != WriteError::Unavailable {
                    saved.writes.push((LAB_BODY, Err(error)));
                }
            }
        }
        self.written = Some(Written {
            body: Arc::clone(body),
            reference: reference.clone(),
        });
        reference
    }
}

/// Keeps another tab's response that this tab's is about to replace: a set-aside copy.
fn set_aside_their_body(store: &mut impl Backend, body: &str) -> Option<String> {
    let reason = Unreadable::unusable(
        "another tab's response, replaced by this tab's when both had changed it",
    );
    match storage::keep_aside(store, LAB_BODY, body, reason).kept {
        Kept::Under(key) => Some(key),
        Kept::LeftInPlace(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;

    #[test]
    fn an_unchanged_body_is_not_written_again() {
        let mut store = MemoryStore::new();
        let mut saver = Saver::default();
        let mut inputs = LabInputs::default();
        let first = saver.save(&mut store, &inputs);
        assert_eq!(first.writes, [(LAB_BODY, Ok(())), (LAB_STATE, Ok(()))]);
        inputs.expression = "{{ true }}".into();
        let second = saver.save(&mut store, &inputs);
        assert_eq!(second.writes, [(LAB_STATE, Ok(()))]);
    }
}
