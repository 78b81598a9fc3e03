//! The small tables behind `pymdownx.emoji` and `pymdownx.keys`. MkDocs Material resolves
//! `:shortcode:` against Twemoji and its icon sets (thousands of SVGs); the companion ships none of
//! them, so it knows the emoji and icons lab guides use and shows each as a Unicode character. An icon
//! (`:material-…:`, `:fontawesome-…:`, `:octicons-…:`, `:simple-…:`) outside this table stays text and
//! `flowlab check` warns; an unknown plain `:word:` stays text silently (it may not be meant as one).

/// `(shortcode, character)`, sorted by shortcode for the binary search.
const EMOJI: &[(&str, &str)] = &[
    ("+1", "👍"),
    ("-1", "👎"),
    ("alarm_clock", "⏰"),
    ("arrow_down", "⬇️"),
    ("arrow_left", "⬅️"),
    ("arrow_right", "➡️"),
    ("arrow_up", "⬆️"),
    ("bell", "🔔"),
    ("book", "📖"),
    ("bookmark", "🔖"),
    ("bug", "🐛"),
    ("bulb", "💡"),
    ("calendar", "📅"),
    ("checkered_flag", "🏁"),
    ("clipboard", "📋"),
    ("clock1", "🕐"),
    ("construction", "🚧"),
    ("dart", "🎯"),
    ("exclamation", "❗"),
    ("eyes", "👀"),
    ("fire", "🔥"),
    ("gear", "⚙️"),
    ("heavy_check_mark", "✔️"),
    ("hourglass", "⌛"),
    ("information_source", "ℹ️"),
    ("key", "🔑"),
    ("link", "🔗"),
    ("lock", "🔒"),
    ("mag", "🔍"),
    ("material-account", "👤"),
    ("material-alert", "⚠️"),
    ("material-alert-circle", "⚠️"),
    ("material-arrow-right", "➡️"),
    ("material-check", "✔️"),
    ("material-check-bold", "✔️"),
    ("material-check-circle", "✅"),
    ("material-clock-outline", "🕐"),
    ("material-close", "✖️"),
    ("material-content-copy", "📋"),
    ("material-information", "ℹ️"),
    ("material-information-outline", "ℹ️"),
    ("material-lightbulb", "💡"),
    ("material-lightbulb-on", "💡"),
    ("material-medal", "🏅"),
    ("material-phone", "📞"),
    ("material-phone-in-talk", "📞"),
    ("material-rocket-launch", "🚀"),
    ("material-star", "⭐"),
    ("material-trophy", "🏆"),
    ("medal_sports", "🏅"),
    ("memo", "📝"),
    ("no_entry", "⛔"),
    ("octicons-check-16", "✔️"),
    ("ok_hand", "👌"),
    ("pencil", "📝"),
    ("phone", "☎️"),
    ("point_right", "👉"),
    ("pushpin", "📌"),
    ("question", "❓"),
    ("rocket", "🚀"),
    ("rotating_light", "🚨"),
    ("smile", "😄"),
    ("sparkles", "✨"),
    ("star", "⭐"),
    ("stop_sign", "🛑"),
    ("tada", "🎉"),
    ("telephone_receiver", "📞"),
    ("thumbsup", "👍"),
    ("trophy", "🏆"),
    ("warning", "⚠️"),
    ("white_check_mark", "✅"),
    ("wrench", "🔧"),
    ("x", "❌"),
    ("zap", "⚡"),
];

/// The character for a shortcode the companion knows.
pub fn lookup(name: &str) -> Option<&'static str> {
    EMOJI
        .binary_search_by(|(code, _)| (*code).cmp(name))
        .ok()
        .and_then(|index| EMOJI.get(index))
        .map(|(_, c)| *c)
}

/// Names of MkDocs Material's icon sets: these are meant as icons, so a miss is worth a warning.
pub fn is_icon_name(name: &str) -> bool {
    ["material-", "fontawesome-", "octicons-", "simple-"]
        .iter()
        .any(|prefix| name.starts_with(prefix) && name.len() > prefix.len())
}

/// `(name, label)` of the keys PyMdown's keymap names; other keys show as written.
const KEYS: &[(&str, &str, &str)] = &[
    ("alt", "alt", "Alt"),
    ("arrow-down", "arrow-down", "Down"),
    ("arrow-left", "arrow-left", "Left"),
    ("arrow-right", "arrow-right", "Right"),
    ("arrow-up", "arrow-up", "Up"),
    ("backspace", "backspace", "Backspace"),
    ("cmd", "cmd", "Cmd"),
    ("command", "cmd", "Cmd"),
    ("ctrl", "ctrl", "Ctrl"),
    ("del", "delete", "Del"),
    ("delete", "delete", "Del"),
    ("down", "arrow-down", "Down"),
    ("end", "end", "End"),
    ("enter", "enter", "Enter"),
    ("esc", "escape", "Esc"),
    ("escape", "escape", "Esc"),
    ("home", "home", "Home"),
    ("ins", "insert", "Ins"),
    ("insert", "insert", "Ins"),
    ("left", "arrow-left", "Left"),
    ("meta", "meta", "Meta"),
    ("opt", "option", "Option"),
    ("option", "option", "Option"),
    ("page-down", "page-down", "Page Down"),
    ("page-up", "page-up", "Page Up"),
    ("pgdn", "page-down", "Page Down"),
    ("pgup", "page-up", "Page Up"),
    ("return", "enter", "Enter"),
    ("right", "arrow-right", "Right"),
    ("shift", "shift", "Shift"),
    ("space", "space", "Space"),
    ("tab", "tab", "Tab"),
    ("up", "arrow-up", "Up"),
    ("win", "windows", "Win"),
    ("windows", "windows", "Win"),
];

/// The `<kbd>` class and label for a key of `++…++`: known names by the keymap, `F1`… as written
/// upper-cased, a quoted key as quoted, anything else as written.
pub fn key_label(name: &str) -> (String, String) {
    if let Some(quoted) = name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
        return ("key-custom".to_owned(), quoted.to_owned());
    }
    let lower = name.to_ascii_lowercase();
    if let Some((_, class, label)) = KEYS.iter().find(|(key, _, _)| *key == lower) {
        return (format!("key-{class}"), (*label).to_owned());
    }
    let function_key = lower
        .strip_prefix('f')
        .is_some_and(|n| !n.is_empty() && n.len() <= 2 && n.chars().all(|c| c.is_ascii_digit()));
    if function_key || lower.chars().count() == 1 {
        return (format!("key-{lower}"), name.to_ascii_uppercase());
    }
    (format!("key-{lower}"), name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_found() {
        assert!(EMOJI.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0)));
        assert_eq!(lookup("tada"), Some("🎉"));
        assert_eq!(lookup("material-check"), Some("✔️"));
        assert_eq!(lookup("nope"), None);
        assert!(is_icon_name("material-foo"));
        assert!(!is_icon_name("material-"));
        assert!(!is_icon_name("smile"));
    }

    #[test]
    fn keys() {
        assert_eq!(key_label("ctrl"), ("key-ctrl".into(), "Ctrl".into()));
        assert_eq!(key_label("f5"), ("key-f5".into(), "F5".into()));
        assert_eq!(key_label("a"), ("key-a".into(), "A".into()));
        assert_eq!(
            key_label("\"My key\""),
            ("key-custom".into(), "My key".into())
        );
    }
}
