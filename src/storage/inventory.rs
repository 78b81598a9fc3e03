//! What is stored, for the "Your data" list: each of the companion's entries with what it is and its
//! size, the set-aside copies with why, and how much the rest of the site uses.

use serde::Serialize;

use super::backend::entry_size;
use super::keys::{classify, Role};

/// One of the companion's entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub key: String,
    /// What it is ("exercise progress", "set-aside copy of exercise progress").
    pub what: String,
    /// Characters of key and value: what browsers count against their quota.
    pub size: usize,
    /// Why it was set aside; `None` for data in use.
    pub set_aside: Option<String>,
}

/// The companion's entries and the rest of the site's storage.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Inventory {
    /// Data in use, then set-aside copies; each by key.
    pub items: Vec<Item>,
    /// Entries of other apps on the same site (and keys no version of the companion reads).
    pub others: usize,
    pub others_size: usize,
    /// Set-aside copies beyond those listed one by one ([`Inventory::listing`]).
    pub more_set_aside: MoreSetAside,
}

/// Set-aside copies counted and sized but not listed (nor read: a backup can leave thousands).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MoreSetAside {
    pub count: usize,
    pub size: usize,
}

impl Inventory {
    pub fn of<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> Inventory {
        let mut inventory = Inventory::default();
        for (key, text) in entries {
            let size = entry_size(key, text);
            let item = |what: String, set_aside: Option<String>| Item {
                key: key.to_owned(),
                what,
                size,
                set_aside,
            };
            match classify(key) {
                Role::Current(spec) => inventory.items.push(item(spec.describe(key), None)),
                Role::SetAside { of, spec } => {
                    let why = match spec.read(of, text) {
                        Err(reason) => reason.to_string(),
                        Ok(()) => "it reads, but could not be used when it was set aside".into(),
                    };
                    let what = format!("set-aside copy of {}", spec.describe(of));
                    inventory.items.push(item(what, Some(why)));
                }
                Role::Former(spec) => {
                    let what = format!("earlier copy of {}", spec.what);
                    let why =
                        "kept under the name an earlier version used, while a newer copy exists";
                    inventory.items.push(item(what, Some(why.into())));
                }
                Role::Unknown => {
                    inventory.others += 1;
                    inventory.others_size += size;
                }
            }
        }
        // The app's one sort (see `stable_sort`: a std sort per call site costs wasm size).
        crate::stable_sort::sort_by(&mut inventory.items, |a, b| {
            (a.set_aside.is_some(), &a.key).cmp(&(b.set_aside.is_some(), &b.key))
        });
        inventory
    }

    /// Like [`Inventory::of`], with at most `listed` set-aside copies (the first by key) read and
    /// listed; the others only counted and sized in [`Inventory::more_set_aside`].
    pub fn listing<'a>(
        entries: impl IntoIterator<Item = (&'a str, &'a str)>,
        listed: usize,
    ) -> Inventory {
        let mut aside: Vec<(&str, &str)> = Vec::new();
        let mut in_use: Vec<(&str, &str)> = Vec::new();
        for entry in entries {
            if is_set_aside(entry.0) {
                aside.push(entry);
            } else {
                in_use.push(entry);
            }
        }
        crate::stable_sort::sort_by(&mut aside, |a, b| a.0.cmp(b.0));
        let more = aside.split_off(listed.min(aside.len()));
        let mut inventory = Inventory::of(in_use.into_iter().chain(aside));
        inventory.more_set_aside = MoreSetAside {
            count: more.len(),
            size: more.iter().map(|(k, v)| entry_size(k, v)).sum(),
        };
        inventory
    }

    /// Size of the companion's entries.
    pub fn size(&self) -> usize {
        self.items.iter().map(|i| i.size).sum::<usize>() + self.more_set_aside.size
    }

    /// How many set-aside copies there are, listed or not.
    pub fn set_aside_count(&self) -> usize {
        self.set_aside().count() + self.more_set_aside.count
    }

    pub fn in_use(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.set_aside.is_none())
    }

    pub fn set_aside(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.set_aside.is_some())
    }
}

/// Whether `key` is a set-aside (or earlier) copy: cheap, for counting without reading values.
pub fn is_set_aside(key: &str) -> bool {
    matches!(classify(key), Role::SetAside { .. } | Role::Former(_))
}

/// `size` characters as the attendee reads it: "812 B", "12.3 KB", "4.8 MB".
pub fn format_size(size: usize) -> String {
    let size = size as f64;
    if size < 1024.0 {
        format!("{size} B")
    } else if size < 1024.0 * 1024.0 {
        format!("{:.1} KB", size / 1024.0)
    } else {
        format!("{:.1} MB", size / (1024.0 * 1024.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_ours_with_sizes_and_set_aside_reasons() {
        let inventory = Inventory::of([
            ("attendeeID", "137"),
            ("callback-lab.lab.unreadable", "{not json"),
            (
                "callback-lab.progress.m",
                r#"{"version":1,"mission":"m","completed":[]}"#,
            ),
            ("someone-else", "12345"),
        ]);
        let keys: Vec<&str> = inventory.items.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "attendeeID",
                "callback-lab.progress.m",
                "callback-lab.lab.unreadable"
            ]
        );
        assert_eq!(inventory.items[0].size, "attendeeID".len() + 3);
        assert_eq!(inventory.items[1].what, "guide progress (m)");
        let aside = &inventory.items[2];
        assert_eq!(aside.what, "set-aside copy of Condition lab state");
        assert!(aside
            .set_aside
            .as_deref()
            .unwrap_or("")
            .contains("not JSON"));
        assert_eq!((inventory.others, inventory.others_size), (1, 17));
        assert_eq!(inventory.in_use().count(), 2);
        assert_eq!(inventory.set_aside().count(), 1);
    }

    #[test]
    fn a_listing_reads_only_the_first_set_aside_copies() {
        let texts: Vec<(String, String)> = (0..50)
            .map(|i| {
                (
                    format!("callback-lab.progress.m{i:02}.unreadable"),
                    "{x".repeat(i + 1),
                )
            })
            .collect();
        let entries = texts
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .chain([("attendeeID", "137"), ("someone-else", "1")]);
        let all = Inventory::of(entries.clone());
        let listing = Inventory::listing(entries, 20);
        let listed: Vec<&str> = listing.set_aside().map(|i| i.key.as_str()).collect();
        assert_eq!(listed.len(), 20);
        assert_eq!(listed[0], "callback-lab.progress.m00.unreadable");
        assert_eq!(listed[19], "callback-lab.progress.m19.unreadable");
        assert_eq!(listing.in_use().count(), 1);
        assert_eq!(listing.more_set_aside.count, 30);
        assert_eq!(listing.set_aside_count(), 50);
        // Nothing is left out of the sizes.
        assert_eq!(listing.size(), all.size());
        assert_eq!(
            (listing.others, listing.others_size),
            (all.others, all.others_size)
        );
        // Fewer copies than the cap: the same as the whole inventory.
        let few = Inventory::listing(
            texts.iter().take(5).map(|(k, v)| (k.as_str(), v.as_str())),
            20,
        );
        assert_eq!(
            few,
            Inventory::of(texts.iter().take(5).map(|(k, v)| (k.as_str(), v.as_str())))
        );
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(format_size(812), "812 B");
        assert_eq!(format_size(12_595), "12.3 KB");
        assert_eq!(format_size(5 * 1024 * 1024), "5.0 MB");
    }
}
