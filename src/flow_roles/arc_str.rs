//! Serde for `Arc<str>` fields (a response body or a flow export can be megabytes: shared, not
//! copied): `#[serde(with = "crate::flow_roles::arc_str")]`.

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serializer};

pub fn serialize<S: Serializer>(s: &Arc<str>, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(s)
}

pub fn deserialize<'de, D: Deserializer<'de>>(de: D) -> Result<Arc<str>, D::Error> {
    String::deserialize(de).map(Arc::from)
}
