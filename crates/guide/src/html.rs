//! A small, tolerant tokenizer for the HTML the lab's Markdown embeds (`<span class=…>`, `</br>`,
//! `<p style=…>`). It never fails: anything that is not a well-formed tag is text. The tokens are only
//! ever read by the guide's parser, which maps the few known tags to model nodes; nothing here is
//! passed on as HTML.

/// One piece of HTML source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// Text between tags, entities decoded.
    Text(String),
    /// An opening, closing or self-closing tag.
    Tag(Tag<'a>),
    /// `<!-- … -->`.
    Comment,
    /// `<!DOCTYPE …>`, `<?…?>`, `<![CDATA[…]]>`: not supported, kept raw for the message.
    Other(&'a str),
}

/// A tag with its lower-cased name and decoded attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag<'a> {
    pub name: String,
    pub kind: TagKind,
    pub attrs: Vec<(String, String)>,
    /// The tag as written, for messages and for showing an unknown tag as text.
    pub raw: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    Open,
    Close,
    SelfClosing,
}

impl Tag<'_> {
    /// The value of an attribute (names are lower-case).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The whitespace-separated classes.
    pub fn classes(&self) -> impl Iterator<Item = &str> {
        self.attr("class").unwrap_or("").split_ascii_whitespace()
    }
}

/// Splits `source` into tokens, each with its byte offset in `source`.
pub fn tokenize(source: &str) -> Vec<(usize, Token<'_>)> {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let mut text_start = 0;
    let mut pos = 0;
    while pos < bytes.len() {
        if bytes[pos] != b'<' {
            pos += 1;
            continue;
        }
        let Some((token, end)) = markup_at(source, pos) else {
            pos += 1;
            continue;
        };
        if text_start < pos {
            let text = source.get(text_start..pos).unwrap_or("");
            tokens.push((text_start, Token::Text(decode_entities(text))));
        }
        tokens.push((pos, token));
        pos = end;
        text_start = end;
    }
    if text_start < bytes.len() {
        let text = source.get(text_start..).unwrap_or("");
        tokens.push((text_start, Token::Text(decode_entities(text))));
    }
    tokens
}

/// Reads the markup starting at `start` (a `<`), returning the token and the offset after it. An
/// unterminated comment runs to the end of `source`.
pub fn markup_at(source: &str, start: usize) -> Option<(Token<'_>, usize)> {
    let rest = source.get(start..)?;
    if let Some(after) = rest.strip_prefix("<!--") {
        let end = after
            .find("-->")
            .map_or(source.len(), |i| start + 4 + i + 3);
        return Some((Token::Comment, end));
    }
    if rest.starts_with("<!") || rest.starts_with("<?") {
        let end = start + rest.find('>')? + 1;
        return Some((Token::Other(source.get(start..end)?), end));
    }
    let bytes = rest.as_bytes();
    let (closing, name_start) = match bytes.get(1) {
        Some(b'/') => (true, 2),
        _ => (false, 1),
    };
    if !bytes.get(name_start)?.is_ascii_alphabetic() {
        return None;
    }
    let name_end = name_start
        + bytes
            .get(name_start..)?
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
    let name = rest.get(name_start..name_end)?.to_ascii_lowercase();
    let (attrs, self_closing, end) = attributes(rest, name_end)?;
    let kind = match (closing, self_closing) {
        (true, _) => TagKind::Close,
        (false, true) => TagKind::SelfClosing,
        (false, false) => TagKind::Open,
    };
    let raw = source.get(start..start + end)?;
    Some((
        Token::Tag(Tag {
            name,
            kind,
            attrs: if closing { Vec::new() } else { attrs },
            raw,
        }),
        start + end,
    ))
}

/// Reads attributes from `pos` in `tag` up to and including `>`.
/// Returns the attributes, whether the tag ended with `/>`, and the offset after `>`.
#[allow(clippy::type_complexity)]
fn attributes(tag: &str, mut pos: usize) -> Option<(Vec<(String, String)>, bool, usize)> {
    let bytes = tag.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while bytes.get(pos)?.is_ascii_whitespace() {
            pos += 1;
        }
        match bytes.get(pos)? {
            b'>' => return Some((attrs, false, pos + 1)),
            b'/' if bytes.get(pos + 1) == Some(&b'>') => return Some((attrs, true, pos + 2)),
            b'/' => {
                pos += 1;
                continue;
            }
            b'<' => return None,
            _ => {}
        }
        let name_start = pos;
        while let Some(b) = bytes.get(pos) {
            if b.is_ascii_whitespace() || matches!(b, b'=' | b'>' | b'/' | b'<') {
                break;
            }
            pos += 1;
        }
        let name = tag.get(name_start..pos)?.to_ascii_lowercase();
        let mut after_name = pos;
        while bytes.get(after_name).is_some_and(u8::is_ascii_whitespace) {
            after_name += 1;
        }
        if bytes.get(after_name) != Some(&b'=') {
            attrs.push((name, String::new()));
            continue;
        }
        pos = after_name + 1;
        while bytes.get(pos)?.is_ascii_whitespace() {
            pos += 1;
        }
        let value = match bytes.get(pos)? {
            quote @ (b'"' | b'\'') => {
                let close = pos + 1 + bytes.get(pos + 1..)?.iter().position(|b| b == quote)?;
                let value = tag.get(pos + 1..close)?;
                pos = close + 1;
                value
            }
            _ => {
                let start = pos;
                while let Some(b) = bytes.get(pos) {
                    if b.is_ascii_whitespace() || *b == b'>' {
                        break;
                    }
                    pos += 1;
                }
                tag.get(start..pos)?
            }
        };
        attrs.push((name, decode_entities(value)));
    }
}

/// Decodes the character references HTML authors use: a few names and numeric references.
/// Anything unknown stays as written.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let after = rest.get(amp + 1..).unwrap_or("");
        let decoded = after
            .find(';')
            .filter(|&semi| semi <= 10)
            .and_then(|semi| Some((entity(after.get(..semi)?)?, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = after.get(semi + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    let numeric = |digits: &str, radix| {
        u32::from_str_radix(digits, radix)
            .ok()
            .and_then(char::from_u32)
            .filter(|c| *c != '\0')
    };
    if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        return numeric(hex, 16);
    }
    if let Some(decimal) = name.strip_prefix('#') {
        return numeric(decimal, 10);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "copy" => '©',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(source: &str) -> Option<Tag<'_>> {
        match tokenize(source).into_iter().next() {
            Some((0, Token::Tag(tag))) => Some(tag),
            _ => None,
        }
    }

    #[test]
    fn reads_the_labs_spans() {
        let t = tag(
            r#"<span class="attendee-id-placeholder" data-prefix="Main_Flow_" data-suffix='_X'>"#,
        );
        let t = t.as_ref();
        assert_eq!(t.map(|t| t.name.as_str()), Some("span"));
        assert_eq!(t.map(|t| t.kind), Some(TagKind::Open));
        assert_eq!(t.and_then(|t| t.attr("data-prefix")), Some("Main_Flow_"));
        assert_eq!(t.and_then(|t| t.attr("data-suffix")), Some("_X"));
        assert_eq!(
            t.map(|t| t.classes().collect::<Vec<_>>()),
            Some(vec!["attendee-id-placeholder"])
        );
    }

    #[test]
    fn breaks_and_closing_tags() {
        for (source, kind) in [
            ("</br>", TagKind::Close),
            ("<br>", TagKind::Open),
            ("<br/>", TagKind::SelfClosing),
            ("<BR />", TagKind::SelfClosing),
            ("</span >", TagKind::Close),
        ] {
            let t = tag(source);
            assert_eq!(t.as_ref().map(|t| t.kind), Some(kind), "{source}");
        }
    }

    #[test]
    fn tolerates_junk() {
        for source in [
            "<",
            "<>",
            "< span>",
            "<span class=\"x",
            "<3 and >",
            "<a b='",
            "a < b > c",
            "&",
            "&#xFFFFFFFF;",
            "&#0;",
        ] {
            let tokens = tokenize(source);
            assert!(
                tokens.iter().all(|(_, t)| matches!(t, Token::Text(_))),
                "{source}: {tokens:?}"
            );
        }
    }

    #[test]
    fn unquoted_and_bare_attributes() {
        let t = tag("<img src=x onerror=alert(1) hidden>");
        assert_eq!(t.as_ref().and_then(|t| t.attr("onerror")), Some("alert(1)"));
        assert_eq!(t.as_ref().and_then(|t| t.attr("hidden")), Some(""));
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &lt;c&gt; &#65;&#x42; &bogus; &"),
            "a & b <c> AB &bogus; &"
        );
        let t = tag(r#"<span data-copy-text="say &quot;hi&quot;">"#);
        assert_eq!(
            t.as_ref().and_then(|t| t.attr("data-copy-text")),
            Some("say \"hi\"")
        );
    }

    #[test]
    fn mixed_content() {
        let tokens =
            tokenize("<p style=\"text-align:center\"><strong>Done 🎉</strong></p><!-- x -->");
        let kinds: Vec<String> = tokens
            .iter()
            .map(|(_, t)| match t {
                Token::Text(text) => format!("text {text}"),
                Token::Tag(tag) => format!("{:?} {}", tag.kind, tag.name),
                Token::Comment => "comment".into(),
                Token::Other(raw) => format!("other {raw}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "Open p",
                "Open strong",
                "text Done 🎉",
                "Close strong",
                "Close p",
                "comment"
            ]
        );
    }
}
