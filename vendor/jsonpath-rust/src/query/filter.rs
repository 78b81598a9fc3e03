use crate::parser::model::Filter;
use crate::query::queryable::Queryable;
use crate::query::state::{Data, Pointer, State};
use crate::query::Query;

// Vendored change: the filter selector always selects children. Upstream also evaluated it as a
// logical expression when the current node was the filter's own `@` (an empty path), so a nested
// filter on `@` (`$[?@[?@>1]]`) tested `@` instead of selecting its children; logical
// sub-expressions now go through `Filter::holds` instead.
impl Query for Filter {
    fn process<'a, T: Queryable>(&self, state: State<'a, T>) -> State<'a, T> {
        let root = state.root;
        state.flat_map(|p| {
            if let Some(items) = p.inner.as_array() {
                Data::Refs(
                    items
                        .iter()
                        .enumerate()
                        .filter(|(_, item)| self.filter_item(Pointer::empty(*item), root))
                        .map(|(idx, item)| Pointer::idx(item, p.path.clone(), idx))
                        .collect(),
                )
            } else if let Some(items) = p.inner.as_object() {
                Data::Refs(
                    items
                        .into_iter()
                        .filter(|(_, item)| self.filter_item(Pointer::empty(*item), root))
                        .map(|(key, item)| Pointer::key(item, p.path.clone(), key))
                        .collect(),
                )
            } else {
                Data::Nothing
            }
        })
    }
}

impl Filter {
    /// Whether this logical expression is true for the current node of `state`.
    pub(crate) fn holds<'a, T: Queryable>(&self, state: State<'a, T>) -> bool {
        match self {
            Filter::Or(ors) => ors.iter().any(|f| f.holds(state.clone())),
            Filter::And(ands) => ands.iter().all(|f| f.holds(state.clone())),
            Filter::Atom(atom) => atom
                .process(state)
                .ok_val()
                .and_then(|v| v.as_bool())
                .unwrap_or_default(),
        }
    }

    fn filter_item<'a, T: Queryable>(&self, item: Pointer<'a, T>, root: &'a T) -> bool {
        self.holds(State::data(root, Data::Ref(item)))
    }
}

#[cfg(test)]
mod tests {
    use crate::query::js_path;
    use serde_json::json;

    #[test]
    fn smoke_ok() {
        let json = json!({"a" : [1,2,3]});

        assert_eq!(
            js_path("$.a[? @ > 1]", &json),
            Ok(vec![
                (&json!(2), "$['a'][1]".to_string()).into(),
                (&json!(3), "$['a'][2]".to_string()).into(),
            ])
        );
    }

    #[test]
    fn existence() {
        let json = json!({
          "a": {
            "a":{"b":1},
            "c": {
              "b": 2
            },
            "d": {
              "b1": 3
            }
          }
        });
        assert_eq!(
            js_path("$.a[?@.b]", &json),
            Ok(vec![
                (&json!({"b":1}), "$['a']['a']".to_string()).into(),
                (&json!({"b":2}), "$['a']['c']".to_string()).into(),
            ])
        );
    }

    #[test]
    fn existence_of_empty_containers() {
        let json = json!({
          "a": {
            "empty_array": {"b": []},
            "empty_object": {"b": {}},
            "empty_string": {"b": ""},
            "no_b": {"c": 1}
          }
        });
        // RFC 9535 2.3.5.2: a test expression is true when the nodelist it
        // produces is non-empty, whatever the value of the nodes.
        assert_eq!(
            js_path("$.a[?@.b]", &json),
            Ok(vec![
                (&json!({"b": []}), "$['a']['empty_array']".to_string()).into(),
                (&json!({"b": {}}), "$['a']['empty_object']".to_string()).into(),
                (&json!({"b": ""}), "$['a']['empty_string']".to_string()).into(),
            ])
        );
    }

    // Vendored change: a filter nested on `@` selects the children of `@`.
    #[test]
    fn nested_filter_on_the_current_node() {
        let json = json!([[0, 1], [2], {"x": 5}, 7, []]);
        let values = |path| {
            js_path(path, &json)
                .unwrap()
                .into_iter()
                .map(|r| r.val.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(values("$[?@[?@>1]]"), vec![json!([2]), json!({"x": 5})]);
        assert_eq!(
            values("$[?!@[?@>1]]"),
            vec![json!([0, 1]), json!(7), json!([])]
        );
        assert_eq!(values("$[?@[?@[?@>1]] || @ == 7]"), vec![json!(7)]);
        assert_eq!(values("$[?(@[?@ == 0])]"), vec![json!([0, 1])]);
        // Parenthesised and negated sub-expressions are still logical values of `@`.
        assert_eq!(values("$[?!(@ == 7 || @[0] == 2)]").len(), 3);
        assert_eq!(values("$[?(@ == 7) && !(@ == 8)]"), vec![json!(7)]);
    }

    #[test]
    fn existence_or() {
        let json = json!({
          "a": {
            "a":{"b":1},
            "c": {
              "b": 2
            },
            "d": {
              "b1": 3
            },
            "e": {
              "b2": 3
            }
          }
        });
        assert_eq!(
            js_path("$.a[?@.b || @.b1]", &json),
            Ok(vec![
                (&json!({"b":1}), "$['a']['a']".to_string()).into(),
                (&json!({"b":2}), "$['a']['c']".to_string()).into(),
                (&json!({"b1":3}), "$['a']['d']".to_string()).into(),
            ])
        );
    }
}
