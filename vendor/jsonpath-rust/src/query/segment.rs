use crate::parser::model::{Segment, Selector};
use crate::query::queryable::Queryable;
use crate::query::state::{Data, Pointer, State};
use crate::query::Query;

impl Query for Segment {
    fn process<'a, T: Queryable>(&self, step: State<'a, T>) -> State<'a, T> {
        match self {
            // RFC 9535 2.5.2.2: the child segment applied to each descendant in turn (with the
            // per-node order of `process_selectors`, `..['a','d']` comes descendant by descendant).
            Segment::Descendant(segment) => segment.process(step.flat_map(process_descendant)),
            Segment::Selector(selector) => selector.process(step),
            Segment::Selectors(selectors) => process_selectors(step, selectors),
        }
    }
}

// Vendored change: RFC 9535 2.5.1.2, for each input node the selectors' results in the order of
// the selectors, so `$[*]['a','b']` gives node by node (a, b, a, b); upstream gave the results
// selector by selector (a, a, b, b).
fn process_selectors<'a, T: Queryable>(
    step: State<'a, T>,
    selectors: &Vec<Selector>,
) -> State<'a, T> {
    let root = step.root;
    step.flat_map(|node| {
        selectors
            .iter()
            .map(|s| s.process(State::data(root, Data::Ref(node.clone()))).data)
            .reduce(Data::reduce)
            .unwrap_or_default()
    })
}

fn process_descendant<T: Queryable>(data: Pointer<T>) -> Data<T> {
    if let Some(array) = data.inner.as_array() {
        Data::Ref(data.clone()).reduce(
            Data::new_refs(
                array
                    .iter()
                    .enumerate()
                    .map(|(i, elem)| Pointer::idx(elem, data.path.clone(), i))
                    .collect(),
            )
            .flat_map(process_descendant),
        )
    } else if let Some(object) = data.inner.as_object() {
        Data::Ref(data.clone()).reduce(
            Data::new_refs(
                object
                    .into_iter()
                    .map(|(key, value)| Pointer::key(value, data.path.clone(), key))
                    .collect(),
            )
            .flat_map(process_descendant),
        )
    } else {
        Data::Nothing
    }
}

#[cfg(test)]
mod tests {
    use crate::parser::model::{Segment, Selector};
    use crate::query::state::{Pointer, State};
    use crate::query::Query;
    use serde_json::json;

    #[test]
    fn test_process_selectors() {
        let value = json!({"firstName": "John", "lastName" : "doe",});
        let segment = Segment::Selectors(vec![
            Selector::Name("firstName".to_string()),
            Selector::Name("lastName".to_string()),
        ]);
        let step = segment.process(State::root(&value));

        assert_eq!(
            step.ok_ref(),
            Some(vec![
                Pointer::new(&json!("John"), "$['firstName']".to_string()),
                Pointer::new(&json!("doe"), "$['lastName']".to_string())
            ])
        );
    }

    #[test]
    fn test_process_descendant() {
        let value = json!([{"name": "John"}, {"name": "doe"}]);
        let segment = Segment::Descendant(Box::new(Segment::Selector(Selector::Wildcard)));
        let step = segment.process(State::root(&value));

        assert_eq!(
            step.ok_ref(),
            Some(vec![
                Pointer::new(&json!({"name": "John"}), "$[0]".to_string()),
                Pointer::new(&json!({"name": "doe"}), "$[1]".to_string()),
                Pointer::new(&json!("John"), "$[0]['name']".to_string()),
                Pointer::new(&json!("doe"), "$[1]['name']".to_string()),
            ])
        );
    }

    // Vendored change: a descendant segment applies all its selectors to one descendant before the
    // next (RFC 9535 2.5.2.2), in document order.
    #[test]
    fn descendant_with_several_selectors_goes_node_by_node() {
        let value = json!({"o": [{"a": "b", "d": "e"}, {"a": "c", "d": "f"}], "a": "top"});
        let paths = crate::query::js_path_path("$..['a','d']", &value).unwrap();
        assert_eq!(
            paths,
            vec![
                "$['a']",
                "$['o'][0]['a']",
                "$['o'][0]['d']",
                "$['o'][1]['a']",
                "$['o'][1]['d']",
            ]
        );
        let nested = json!([[1, [2]], 3]);
        let values = crate::query::js_path_vals("$..[0,1]", &nested).unwrap();
        assert_eq!(
            values,
            vec![
                &json!([1, [2]]),
                &json!(3),
                &json!(1),
                &json!([2]),
                &json!(2)
            ]
        );
    }

    // Vendored change: a child segment with several selectors gives, for each input node, the
    // results of its selectors in order.
    #[test]
    fn several_selectors_go_node_by_node() {
        let value = json!([{"a": 1, "b": 2}, {"a": 3}, {"b": 4}]);
        let values = crate::query::js_path_vals("$[*]['a','b']", &value).unwrap();
        assert_eq!(values, vec![&json!(1), &json!(2), &json!(3), &json!(4)]);
        let mixed = json!([[5, 6], {"b": 7}]);
        let values = crate::query::js_path_vals("$[*][1, 'b', 0]", &mixed).unwrap();
        assert_eq!(values, vec![&json!(6), &json!(5), &json!(7)]);
    }

    #[test]
    fn test_process_descendant2() {
        let value = json!({"o": [0,1,[2,3]]});
        let segment = Segment::Descendant(Box::new(Segment::Selector(Selector::Index(1))));
        let step = segment.process(State::root(&value));

        assert_eq!(
            step.ok_ref(),
            Some(vec![
                Pointer::new(&json!(1), "$['o'][1]".to_string()),
                Pointer::new(&json!(3), "$['o'][2][1]".to_string()),
            ])
        );
    }
}
