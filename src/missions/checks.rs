//! `checks.json`: what the mission checker compares between an attendee's flow and the mission's
//! reference export (`reference.json`, which holds the expected values), and in which Build step the
//! guide says it. The checker (`crate::flowcheck`) knows no mission: a mission is this table plus
//! its reference export.

use serde::{Deserialize, Serialize};

use crate::flow::Flow;

use super::error::{MissionError, MissionErrorKind};

/// The checks file of a mission folder.
pub const CHECKS_FILE: &str = "checks.json";

/// `checks.json` as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckTable {
    /// The reference's nodes the checks speak of, and how the guide names them.
    pub roles: Vec<Role>,
    /// The comparisons, in the order their findings are listed within a step.
    pub checks: Vec<Check>,
}

/// A node of the reference flow the checker looks for, and how the guide speaks of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Its label in the reference flow.
    pub label: String,
    /// The Build step that adds (or first needs) it.
    pub step: u32,
    /// The guide's words: "the HTTP Request node".
    pub words: String,
    /// The guide prescribes this label (Activity Label); a different one is still only a note when
    /// the flow uses it consistently, but the note says so.
    #[serde(default)]
    pub label_in_guide: bool,
}

/// A sample value for the variables an expression reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Sample {
    Text(String),
    Integer(i64),
}

/// The values tried for one variable of an expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleValues {
    pub variable: String,
    pub values: Vec<Sample>,
}

/// A setting of a node compared with the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Setting {
    Connector,
    Authenticated,
    Url,
    Method,
    ContentType,
    Query,
    GraphqlVariables,
    ResponseType,
}

/// One comparison. Expected values always come from the reference flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "check", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Check {
    /// The flow variable is declared with the reference's type and default.
    Variable {
        step: u32,
        name: String,
        #[serde(default)]
        hint: Option<String>,
    },
    /// The role's node exists (same kind) and how its label compares.
    Node { role: String },
    /// A setting of the role's node, named as the guide names the field.
    Setting {
        role: String,
        setting: Setting,
        field: String,
    },
    /// The HTTP node's Parse Settings (output variable ↔ path expression rows).
    ParseSettings { role: String },
    /// The Set Variable node's assignments.
    Assignments { role: String },
    /// The Condition's expression: equal text, else the same exit on every combination of samples.
    Expression {
        role: String,
        samples: Vec<SampleValues>,
    },
    /// The Play Message's text-to-speech text.
    Prompt { role: String },
    /// `from`'s `exit` leads to the node the reference connects it to. `before` is the role it led
    /// to before the mission (so the finding can say "still").
    Link {
        step: u32,
        from: String,
        exit: String,
        words: String,
        #[serde(default)]
        before: Option<String>,
    },
}

impl Check {
    /// The Build step the check belongs to.
    pub fn step(&self, roles: &[Role]) -> u32 {
        let role_step = |label: &str| {
            roles
                .iter()
                .find(|r| r.label == label)
                .map_or(0, |r| r.step)
        };
        match self {
            Check::Variable { step, .. } | Check::Link { step, .. } => *step,
            Check::Node { role }
            | Check::Setting { role, .. }
            | Check::ParseSettings { role }
            | Check::Assignments { role }
            | Check::Expression { role, .. }
            | Check::Prompt { role } => role_step(role),
        }
    }

    /// The roles the check names.
    fn roles(&self) -> Vec<&str> {
        match self {
            Check::Variable { .. } => Vec::new(),
            Check::Node { role }
            | Check::Setting { role, .. }
            | Check::ParseSettings { role }
            | Check::Assignments { role }
            | Check::Expression { role, .. }
            | Check::Prompt { role } => vec![role],
            Check::Link { from, before, .. } => std::iter::once(from.as_str())
                .chain(before.as_deref())
                .collect(),
        }
    }
}

impl CheckTable {
    /// What does not agree with the reference flow: a role that is not one of its nodes, a check
    /// naming a role the table does not list, a variable it does not declare, a step 0.
    pub fn problems(&self, reference: &Flow, path: &str) -> Vec<MissionError> {
        let invalid =
            |message: String| MissionError::new(MissionErrorKind::Inconsistent, path, message);
        let mut problems = Vec::new();
        for role in &self.roles {
            if reference.node_index(&role.label).is_none() {
                problems.push(invalid(format!(
                    "role `{}` is not a node of reference.json",
                    role.label
                )));
            }
            if role.step == 0 {
                problems.push(invalid(format!(
                    "role `{}`: steps count from 1",
                    role.label
                )));
            }
        }
        for check in &self.checks {
            for role in check.roles() {
                if !self.roles.iter().any(|r| r.label == role) {
                    problems.push(invalid(format!(
                        "a `{}` check names `{role}`, which is not in `roles`",
                        check_name(check)
                    )));
                }
            }
            match check {
                Check::Variable { name, step, .. } => {
                    if !reference.variables.iter().any(|v| &v.name == name) {
                        problems.push(invalid(format!(
                            "variable `{name}` is not declared in reference.json"
                        )));
                    }
                    if *step == 0 {
                        problems.push(invalid(format!("variable `{name}`: steps count from 1")));
                    }
                }
                Check::Link { step: 0, words, .. } => {
                    problems.push(invalid(format!("link “{words}”: steps count from 1")));
                }
                _ => {}
            }
        }
        problems
    }
}

fn check_name(check: &Check) -> &'static str {
    match check {
        Check::Variable { .. } => "variable",
        Check::Node { .. } => "node",
        Check::Setting { .. } => "setting",
        Check::ParseSettings { .. } => "parse-settings",
        Check::Assignments { .. } => "assignments",
        Check::Expression { .. } => "expression",
        Check::Prompt { .. } => "prompt",
        Check::Link { .. } => "link",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_read_as_tagged_rows() {
        let table: CheckTable = serde_json::from_str(
            r#"{"roles":[{"label":"A","step":3,"words":"the A node"}],
                "checks":[{"check":"node","role":"A"},
                          {"check":"expression","role":"A","samples":[{"variable":"x","values":["-1",200]}]},
                          {"check":"setting","role":"A","setting":"graphql-variables","field":"F"}]}"#,
        )
        .expect("reads");
        assert!(!table.roles[0].label_in_guide);
        assert_eq!(
            table.checks[1],
            Check::Expression {
                role: "A".into(),
                samples: vec![SampleValues {
                    variable: "x".into(),
                    values: vec![Sample::Text("-1".into()), Sample::Integer(200)]
                }]
            }
        );
        assert_eq!(table.checks[1].step(&table.roles), 3);
    }

    #[test]
    fn a_misspelt_field_or_check_is_an_error() {
        for text in [
            r#"{"roles":[],"checks":[{"check":"node","rol":"A"}]}"#,
            r#"{"roles":[],"checks":[{"check":"nodes","role":"A"}]}"#,
            r#"{"roles":[{"label":"A","step":1,"word":"x"}],"checks":[]}"#,
        ] {
            assert!(serde_json::from_str::<CheckTable>(text).is_err(), "{text}");
        }
    }
}
