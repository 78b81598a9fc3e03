//! Two tabs editing the lab: a three-way merge per input. Each tab knows what the storage held when
//! it last read or wrote it (the base); when another tab wrote since, an input this tab did not
//! change takes the other tab's value, an input only this tab changed keeps this tab's, and an
//! input both changed keeps this tab's and is reported with the other tab's value, so nothing is
//! lost silently. The response body and the sample it came from go together; the imported flow is
//! not merged (the app keeps it under its own key).

use std::fmt;
use std::sync::Arc;

use super::inputs::{LabInputs, PathInput};

/// One input of the lab, as the merge sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The response body (with the sample it was loaded from).
    Response,
    Status,
    Number,
    EntryPoint,
    Clock,
    /// The what-if JSONPaths.
    Paths,
    Expression,
    Region,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::Response,
        Field::Status,
        Field::Number,
        Field::EntryPoint,
        Field::Clock,
        Field::Paths,
        Field::Expression,
        Field::Region,
    ];

    /// Whether `a` and `b` hold the same value of this input.
    pub fn same(self, a: &LabInputs, b: &LabInputs) -> bool {
        match self {
            Field::Response => {
                (Arc::ptr_eq(&a.body, &b.body) || a.body == b.body) && a.sample == b.sample
            }
            Field::Status => a.status == b.status,
            Field::Number => a.number == b.number,
            Field::EntryPoint => a.entry_point == b.entry_point,
            Field::Clock => a.clock == b.clock,
            // As stored: one row per mission parse setting (rows of an imported flow's own
            // variables are not kept, so they never differ from another tab's).
            Field::Paths => stored_paths(a) == stored_paths(b),
            Field::Expression => a.expression == b.expression,
            Field::Region => a.region == b.region,
        }
    }

    /// Copies this input from `from` into `to`.
    fn copy(self, from: &LabInputs, to: &mut LabInputs) {
        match self {
            Field::Response => {
                to.body = Arc::clone(&from.body);
                to.sample = from.sample.clone();
            }
            Field::Status => to.status = from.status.clone(),
            Field::Number => to.number = from.number.clone(),
            Field::EntryPoint => to.entry_point = from.entry_point.clone(),
            Field::Clock => to.clock = from.clock.clone(),
            Field::Paths => to.paths = from.paths.clone(),
            Field::Expression => to.expression = from.expression.clone(),
            Field::Region => to.region = from.region.clone(),
        }
    }

    /// The input's value as the attendee reads it in a message (`None`: too long to quote).
    fn quoted(self, inputs: &LabInputs) -> Option<String> {
        let text = match self {
            Field::Response => return None,
            Field::Status => inputs.status.clone(),
            Field::Number => inputs.number.clone(),
            Field::EntryPoint => inputs.entry_point.clone(),
            Field::Clock if inputs.clock.fixed => inputs.clock.fixed_text.clone(),
            Field::Clock => "the real time".to_owned(),
            Field::Paths => inputs
                .paths
                .iter()
                .map(|p| p.path.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            Field::Expression => inputs.expression.clone(),
            Field::Region => inputs.region.clone(),
        };
        (text.chars().count() <= QUOTE_LIMIT).then_some(text)
    }
}

fn stored_paths(inputs: &LabInputs) -> Vec<PathInput> {
    LabInputs {
        paths: inputs.paths.clone(),
        ..LabInputs::default()
    }
    .normalised()
    .paths
}

/// Longest value quoted in a message (characters).
const QUOTE_LIMIT: usize = 400;

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Field::Response => "response",
            Field::Status => "HTTP status",
            Field::Number => "callback number",
            Field::EntryPoint => "entry point ID",
            Field::Clock => "clock",
            Field::Paths => "JSONPaths",
            Field::Expression => "Condition expression",
            Field::Region => "API region",
        })
    }
}

/// An input both tabs changed: this tab's value is kept, the other tab's is quoted here.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub field: Field,
    /// The other tab's value (`None`: the response, which is set aside rather than quoted).
    pub theirs: Option<String>,
}

/// What merging another tab's save into this tab's inputs gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub inputs: LabInputs,
    /// Inputs that now hold the other tab's value.
    pub taken: Vec<Field>,
    /// Inputs both tabs changed (this tab's value kept).
    pub conflicts: Vec<Conflict>,
}

impl Merged {
    /// Whether the other tab's save changed nothing this tab shows.
    pub fn is_quiet(&self) -> bool {
        self.taken.is_empty() && self.conflicts.is_empty()
    }

    /// What to tell the attendee (`None` when there is nothing to tell). `set_aside` names where
    /// the other tab's response was kept, when both changed it.
    pub fn message(&self, set_aside: Option<&str>) -> Option<String> {
        if self.is_quiet() {
            return None;
        }
        let mut parts = Vec::new();
        if !self.taken.is_empty() {
            parts.push(format!(
                "Another tab of the companion changed the {}: this tab shows its change too.",
                list(self.taken.iter().map(Field::to_string))
            ));
        }
        for conflict in &self.conflicts {
            let theirs = match (&conflict.theirs, set_aside) {
                (Some(value), _) => format!("the other tab's was “{value}”"),
                (None, Some(key)) if conflict.field == Field::Response => format!(
                    "the other tab's was set aside as “{key}” (download it under “Your data”)"
                ),
                (None, _) => "the other tab's was too long to quote here".to_owned(),
            };
            parts.push(format!(
                "The {} was changed here and in another tab: this tab keeps its own; {theirs}.",
                conflict.field
            ));
        }
        Some(parts.join(" "))
    }
}

fn list(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Merges `theirs` (what another tab saved) into `mine` (this tab's inputs), both made from `base`
/// (what the storage held when this tab last read or wrote it). The flow stays this tab's.
pub fn merge(base: &LabInputs, mine: &LabInputs, theirs: &LabInputs) -> Merged {
    let mut inputs = mine.clone();
    let mut taken = Vec::new();
    let mut conflicts = Vec::new();
    for field in Field::ALL {
        if field.same(theirs, base) || field.same(theirs, mine) {
            // The other tab did not change it, or changed it the same way.
            continue;
        }
        if field.same(mine, base) {
            field.copy(theirs, &mut inputs);
            taken.push(field);
        } else {
            conflicts.push(Conflict {
                field,
                theirs: field.quoted(theirs),
            });
        }
    }
    Merged {
        inputs,
        taken,
        conflicts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tab_keeps_what_it_changed_and_takes_the_rest() {
        let base = LabInputs::default();
        let mut mine = base.clone();
        mine.number = "14085550000".into();
        let mut theirs = base.clone();
        theirs.expression = "{{ true }}".into();
        theirs.body = Arc::from("{}");
        theirs.sample = None;
        let merged = merge(&base, &mine, &theirs);
        assert_eq!(merged.inputs.number, "14085550000");
        assert_eq!(merged.inputs.expression, "{{ true }}");
        assert_eq!(
            (&*merged.inputs.body, merged.inputs.sample.as_deref()),
            ("{}", None)
        );
        assert_eq!(merged.taken, [Field::Response, Field::Expression]);
        assert!(merged.conflicts.is_empty());
        assert_eq!(
            merged.message(None).as_deref(),
            Some(
                "Another tab of the companion changed the response and Condition expression: \
                 this tab shows its change too."
            )
        );
    }

    #[test]
    fn an_input_both_tabs_changed_keeps_this_tabs_and_quotes_the_other() {
        let base = LabInputs::default();
        let mut mine = base.clone();
        mine.expression = "{{ 1 == 1 }}".into();
        mine.body = Arc::from("[]");
        let mut theirs = base.clone();
        theirs.expression = "{{ 2 == 2 }}".into();
        theirs.body = Arc::from("{}");
        let merged = merge(&base, &mine, &theirs);
        assert_eq!(merged, {
            Merged {
                inputs: mine.clone(),
                taken: vec![],
                conflicts: vec![
                    Conflict {
                        field: Field::Response,
                        theirs: None,
                    },
                    Conflict {
                        field: Field::Expression,
                        theirs: Some("{{ 2 == 2 }}".into()),
                    },
                ],
            }
        });
        let message = merged
            .message(Some("callback-lab.lab.body.unreadable"))
            .unwrap();
        assert!(
            message.contains("other tab's was “{{ 2 == 2 }}”"),
            "{message}"
        );
        assert!(
            message.contains("set aside as “callback-lab.lab.body.unreadable”"),
            "{message}"
        );
        // The same change in both tabs is no conflict.
        let merged = merge(&base, &mine, &mine);
        assert!(merged.is_quiet());
        assert_eq!(merged.message(None), None);
    }
}
