//! Link targets the guide may point to. A [`SafeHref`] can only be made by [`SafeHref::parse`], so a
//! `javascript:` (or any other scheme) URL can never reach an `href` attribute.

use serde::{Deserialize, Serialize};

/// What a link points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HrefKind {
    /// `http://` or `https://`.
    Web,
    /// `mailto:`.
    Mail,
    /// `#anchor` inside the same mission.
    Anchor,
    /// A path relative to the mission file (`../graphics/x.gif`, `mission-3.md`).
    Relative,
}

/// A link target that is safe to put into an `href`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct SafeHref {
    url: String,
    kind: HrefKind,
}

/// Why a link target was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum HrefError {
    Empty,
    /// A scheme other than http, https and mailto (`javascript:`, `data:`, `file:`, …).
    Scheme(String),
}

impl std::fmt::Display for HrefError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HrefError::Empty => write!(f, "empty link target"),
            HrefError::Scheme(scheme) => write!(
                f,
                "link scheme `{scheme}:` is not allowed (only http, https, mailto, relative paths and #anchors)"
            ),
        }
    }
}

/// Deserialising (the build-time pre-parsed missions) re-validates: no way around [`SafeHref::parse`].
impl TryFrom<String> for SafeHref {
    type Error = HrefError;
    fn try_from(raw: String) -> Result<SafeHref, HrefError> {
        SafeHref::parse(&raw)
    }
}

impl SafeHref {
    /// Accepts http(s), mailto, relative paths and `#anchor`s; anything else is an error.
    pub fn parse(raw: &str) -> Result<SafeHref, HrefError> {
        let url = raw.trim();
        if url.is_empty() {
            return Err(HrefError::Empty);
        }
        // Browsers drop tabs and newlines anywhere in a URL and ignore leading control characters
        // (`java\tscript:`), so the scheme is read from the text without them.
        let squeezed: String = url
            .chars()
            .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
            .collect();
        let kind = match scheme_of(&squeezed) {
            Some(scheme) => match scheme.to_ascii_lowercase().as_str() {
                "http" | "https" => HrefKind::Web,
                "mailto" => HrefKind::Mail,
                _ => return Err(HrefError::Scheme(scheme.to_owned())),
            },
            None if squeezed.starts_with('#') => HrefKind::Anchor,
            // `//host/path` is protocol-relative: it leaves the site, so treat it as the web.
            None if squeezed.starts_with("//") => HrefKind::Web,
            None => HrefKind::Relative,
        };
        if squeezed.is_empty() {
            return Err(HrefError::Empty);
        }
        Ok(SafeHref {
            url: squeezed,
            kind,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.url
    }

    pub fn kind(&self) -> HrefKind {
        self.kind
    }

    /// The anchor id of a `#anchor` link.
    pub fn anchor(&self) -> Option<&str> {
        match self.kind {
            HrefKind::Anchor => self.url.strip_prefix('#'),
            _ => None,
        }
    }
}

impl From<SafeHref> for String {
    fn from(href: SafeHref) -> String {
        href.url
    }
}

/// The scheme of a URL: letters, digits, `+ - .` before the first `:`, when that colon comes before any
/// `/ ? #`. A colon with nothing safe in front (`:x`) counts as an unknown scheme.
fn scheme_of(url: &str) -> Option<&str> {
    let end = url.find([':', '/', '?', '#'])?;
    if url.get(end..end + 1) != Some(":") {
        return None;
    }
    url.get(..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_refuses() {
        let cases: &[(&str, Result<HrefKind, ()>)] = &[
            ("https://developer.webex.com/x", Ok(HrefKind::Web)),
            ("HTTP://example.com", Ok(HrefKind::Web)),
            ("mailto:lab@example.com", Ok(HrefKind::Mail)),
            ("#build-3", Ok(HrefKind::Anchor)),
            ("../graphics/Lab2/L2M3-1.gif", Ok(HrefKind::Relative)),
            ("mission-3.md#build", Ok(HrefKind::Relative)),
            ("a/b:c", Ok(HrefKind::Relative)),
            ("//cdn.example.com/x", Ok(HrefKind::Web)),
            ("javascript:alert(1)", Err(())),
            ("JavaScript:alert(1)", Err(())),
            (" java\tscript:alert(1)", Err(())),
            ("java\nscript:alert(1)", Err(())),
            ("\u{1}javascript:alert(1)", Err(())),
            ("data:text/html,<script>", Err(())),
            ("vbscript:x", Err(())),
            (":x", Err(())),
            ("", Err(())),
            ("  ", Err(())),
        ];
        for (raw, expected) in cases {
            let got = SafeHref::parse(raw).map(|h| h.kind()).map_err(|_| ());
            assert_eq!(&got, expected, "{raw:?}");
        }
    }

    #[test]
    fn anchor_id() {
        assert_eq!(
            SafeHref::parse("#testing-2")
                .ok()
                .as_ref()
                .and_then(SafeHref::anchor),
            Some("testing-2")
        );
    }
}
