#!/usr/bin/env python3
"""Checks the guide's MkDocs fixtures against the real renderer.

For each fixture `tests/mkdocs/NAME.md`, renders it the way the lab's MkDocs does (MkDocs' own
front-matter handling, then Python-Markdown with the extensions of the lab's mkdocs.yml), parses the
HTML the way a browser does (html5lib implements the HTML tree-construction rules), writes the same
outline the guide's `outline` module writes (crates/guide/src/outline.rs) and compares it with
`NAME.outline`, the expected rendering the Rust tests check.

Not part of the test command: it needs Python with the real renderer, e.g.

    python3 -m venv /tmp/mkdocs-venv
    /tmp/mkdocs-venv/bin/pip install markdown pymdown-extensions mkdocs mkdocs-material html5lib
    /tmp/mkdocs-venv/bin/python scripts/mkdocs-oracle.py            # every fixture
    /tmp/mkdocs-venv/bin/python scripts/mkdocs-oracle.py --print tests/mkdocs/lists.md

Exit status 1 when a fixture's outline differs from what MkDocs renders.
"""

import difflib
import glob
import os
import re
import sys

import html5lib
import markdown
from mkdocs.utils.meta import get_data

try:
    import material.extensions.emoji as material_emoji
except ImportError:  # pragma: no cover - only the emoji fixtures need it
    material_emoji = None

# Embedded media and what the companion's placeholder calls them.
MEDIA = {"iframe": "embedded page", "video": "video", "audio": "audio", "embed": "embedded page", "object": "embedded page"}

# MkDocs always adds these, then the lab's mkdocs.yml list (TS-2026 edition).
EXTENSIONS = [
    "toc", "tables", "fenced_code",
    "md_in_html", "abbr", "admonition", "attr_list", "def_list", "footnotes", "meta",
    "pymdownx.details", "pymdownx.emoji", "pymdownx.highlight", "pymdownx.inlinehilite",
    "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.caret", "pymdownx.keys",
    "pymdownx.mark", "pymdownx.tilde",
]
CONFIG = {
    "pymdownx.tabbed": {"alternate_style": True},
    "pymdownx.highlight": {"anchor_linenums": True, "line_spans": "__span", "pygments_lang_class": True},
}
if material_emoji is not None:
    CONFIG["pymdownx.emoji"] = {
        "emoji_index": material_emoji.twemoji,
        "emoji_generator": material_emoji.to_svg,
    }

# MkDocs Material's admonition types and the aliases it styles as them.
KINDS = {
    "note": "note", "abstract": "abstract", "summary": "abstract", "tldr": "abstract",
    "info": "info", "todo": "info", "tip": "tip", "hint": "tip", "important": "tip",
    "success": "success", "check": "success", "done": "success", "question": "question",
    "help": "question", "faq": "question", "warning": "warning", "caution": "warning",
    "attention": "warning", "failure": "failure", "fail": "failure", "missing": "failure",
    "danger": "danger", "error": "danger", "bug": "bug", "example": "example", "quote": "quote",
    "cite": "quote",
}

BLOCK = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "div", "details",
    "summary", "pre", "table", "hr", "dl", "dd", "dt", "center", "section", "article", "main",
    "header", "footer", "aside", "nav", "figure", "figcaption", "address", "hgroup", "thead",
    "tbody", "tfoot", "tr", "td", "th",
}


def render(source):
    body, _meta = get_data(source)
    return markdown.markdown(body, extensions=EXTENSIONS, extension_configs=CONFIG)


def rust_debug(text):
    """A string as Rust's `{:?}` writes it."""
    out = ['"']
    for c in text:
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append("\\u{%x}" % ord(c))
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def collapse(text):
    return " ".join(text.split())


def items(el):
    """An element's content in order: strings and child elements."""
    if el.text:
        yield el.text
    for child in el:
        if isinstance(child.tag, str):
            yield child
        if child.tail:
            yield child.tail


def classes(el):
    return (el.get("class") or "").split()


def text_content(el):
    return "".join(el.itertext())


def centered(el):
    style = re.sub(r"\s", "", (el.get("style") or "").lower())
    return "text-align:center" in style or (el.get("align") or "").lower() == "center"


class Outline:
    def __init__(self):
        self.lines = []

    def line(self, depth, text):
        self.lines.append("  " * depth + text.rstrip())

    # Blocks

    def blocks(self, el, depth, center=False, skip=()):
        pending = []
        for item in items(el):
            if isinstance(item, str):
                pending.append(item)
            elif item in skip:
                continue
            elif item.tag in BLOCK:
                self.flush(pending, depth)
                self.block(item, depth, center)
            else:
                pending.append(self.inline(item))
        self.flush(pending, depth)

    def flush(self, pending, depth):
        text = collapse("".join(pending))
        pending.clear()
        if text:
            self.line(depth, "text " + text)

    def block(self, el, depth, center):
        tag = el.tag
        if re.fullmatch(r"h[1-6]", tag):
            content = self.inlines(el)
            if content:
                self.line(depth, "%s#%s %s" % (tag, el.get("id") or "", content))
        elif tag in ("p", "summary"):
            content = self.inlines(el)
            visible = collapse(text_content(el)) or any(True for _ in el.iter("img")) or any(True for _ in el.iter("br"))
            if content and visible:
                name = "p.center" if center or centered(el) else "p"
                self.line(depth, "%s %s" % (name, content))
        elif tag in ("ul", "ol"):
            self.line(depth, tag)
            # A browser numbers an HTML `<ol start="3">` from 3 (Markdown lists never have one).
            start = (el.get("start") or "").strip() if tag == "ol" else ""
            number = int(start) - 1 if start.isdigit() else 0
            for child in el:
                if not isinstance(child.tag, str):
                    continue
                if child.tag == "li":
                    number += 1
                    self.line(depth + 1, "li %d" % number if tag == "ol" else "li")
                    self.blocks(child, depth + 2)
                else:
                    self.block(child, depth + 2, False)
        elif tag == "blockquote":
            self.line(depth, "blockquote")
            self.blocks(el, depth + 1, center)
        elif tag == "div" and "admonition" in classes(el):
            kinds = [c for c in classes(el) if c != "admonition"]
            head = "admonition " + KINDS.get(kinds[0] if kinds else "note", "note")
            if "inline" in kinds:
                head += " inline end" if "end" in kinds else " inline"
            children = [c for c in el if isinstance(c.tag, str)]
            skip = ()
            if children and children[0].tag == "p" and "admonition-title" in classes(children[0]):
                head += " " + rust_debug(collapse(text_content(children[0])))
                skip = (children[0],)
            self.line(depth, head)
            self.blocks(el, depth + 1, skip=skip)
        elif tag == "div" and "tabbed-set" in classes(el):
            inputs = [i for i in el if i.tag == "input"]
            selected = next((n for n, i in enumerate(inputs, 1) if i.get("checked") is not None), 1)
            labels = el.find("div[@class='tabbed-labels']")
            content = el.find("div[@class='tabbed-content']")
            self.line(depth, "tabs %d" % selected)
            bodies = list(content) if content is not None else []
            for n, label in enumerate(labels if labels is not None else []):
                self.line(depth + 1, "tab " + rust_debug(self.inlines(label)))
                if n < len(bodies):
                    self.blocks(bodies[n], depth + 2)
        elif tag == "div" and "footnote" in classes(el):
            self.line(depth, "footnotes")
            ol = el.find("ol")
            for li in ol if ol is not None else []:
                self.line(depth + 1, "footnote " + (li.get("id") or "").replace("fn:", "", 1))
                self.blocks(li, depth + 2)
        elif tag == "details":
            children = [c for c in el if isinstance(c.tag, str)]
            summary = next((c for c in children if c.tag == "summary"), None)
            kind = classes(el)
            is_open = " open" if el.get("open") is not None else ""
            if kind:
                title = collapse(text_content(summary)) if summary is not None else ""
                self.line(depth, "details %s %s%s" % (KINDS.get(kind[0], "note"), rust_debug(title), is_open))
            else:
                text = self.inlines(summary) if summary is not None else "Details"
                self.line(depth, "details %s%s" % (rust_debug(text or "Details"), is_open))
            self.blocks(el, depth + 1, skip=(summary,) if summary is not None else ())
        elif tag == "pre":
            language = ""
            code_el = el.find("code")
            code_classes = classes(code_el) if code_el is not None else []
            for c in classes(el) + code_classes + self.parent_classes(el):
                if c.startswith("language-"):
                    language = c[len("language-"):]
            code = text_content(el)
            if code.startswith("\n"):
                code = code[1:]
            code = code.rstrip("\n\r")
            self.line(depth, "pre " + language)
            for code_line in code.split("\n") if code else []:
                self.line(depth + 1, "| " + code_line)
        elif tag == "table":
            self.line(depth, "table")
            aligns = []
            for row in el.iter("tr"):
                self.line(depth + 1, "tr")
                for n, cell in enumerate(c for c in row if c.tag in ("td", "th")):
                    style = re.sub(r"\s", "", (cell.get("style") or "").lower())
                    align = ""
                    for a in ("left", "center", "right"):
                        if "text-align:" + a in style:
                            align = "." + a
                    if cell.tag == "th":
                        aligns.append(align)
                    else:
                        align = aligns[n] if n < len(aligns) else ""
                    self.line(depth + 2, "%s%s %s" % (cell.tag, align, self.inlines(cell)))
        elif tag == "hr":
            self.line(depth, "hr")
        elif tag == "dl":
            self.line(depth, "dl")
            for child in el:
                if child.tag == "dt":
                    self.line(depth + 1, "dt " + self.inlines(child))
                elif child.tag == "dd":
                    self.line(depth + 1, "dd")
                    self.blocks(child, depth + 2)
        else:
            self.blocks(el, depth, center or centered(el) or tag == "center")

    def parent_classes(self, el):
        parent = self.parents.get(el)
        return classes(parent) if parent is not None else []

    # Inlines

    def inlines(self, el):
        return collapse("".join(s if isinstance(s, str) else self.inline(s) for s in items(el)))

    def wrap(self, name, el):
        return "<%s>%s</%s>" % (name, "".join(s if isinstance(s, str) else self.inline(s) for s in items(el)), name)

    def inline(self, el):
        tag = el.tag
        cls = classes(el)
        if tag in BLOCK:
            return " ".join(text_content(el).split())
        if tag in ("strong", "b"):
            return self.wrap("b", el)
        if tag in ("em", "i"):
            return self.wrap("i", el)
        if tag in ("del", "s", "strike"):
            return self.wrap("del", el)
        if tag == "mark":
            return self.wrap("mark", el)
        if tag in ("ins", "u"):
            return self.wrap("ins", el)
        if tag == "sub":
            return self.wrap("sub", el)
        if tag == "sup":
            ref = el.find("a")
            if ref is not None and "footnote-ref" in classes(ref):
                return "<fnref %s>" % text_content(ref).strip()
            return self.wrap("sup", el)
        if tag in ("code", "tt", "samp", "var"):
            return "`%s`" % text_content(el)
        if tag == "kbd":
            return "<kbd %s>" % text_content(el)
        if tag == "a":
            if "footnote-backref" in cls:
                return ""
            content = "".join(s if isinstance(s, str) else self.inline(s) for s in items(el))
            href = el.get("href")
            if href is None:
                return content
            blank = " blank" if el.get("target") == "_blank" else ""
            return "<a %s%s>%s</a>" % (rust_debug(href), blank, content)
        if tag == "img":
            if "twemoji" in cls or "emojione" in cls:
                return "<emoji>"
            out = "<img %s alt=%s" % (rust_debug(el.get("src") or ""), rust_debug(el.get("alt") or ""))
            for attr in ("width", "height"):
                if el.get(attr) is not None:
                    out += " %s=%s" % (attr, rust_debug(el.get(attr)))
            return out + ">"
        if tag in MEDIA:
            # Embedded media are shown like images: a placeholder naming the source.
            kind = MEDIA[tag]
            alt = "%s: %s" % (kind, el.get("title")) if el.get("title") is not None else kind
            out = "<img %s alt=%s" % (rust_debug(el.get("src") or el.get("data") or ""), rust_debug(alt))
            for attr in ("width", "height"):
                if el.get(attr) is not None:
                    out += " %s=%s" % (attr, rust_debug(el.get(attr)))
            return out + ">"
        if tag == "br":
            return "<br>"
        if tag == "abbr":
            if el.get("title") is None:
                return text_content(el)
            return "<abbr %s>%s</abbr>" % (rust_debug(el.get("title")), text_content(el))
        if tag == "span":
            return self.span(el, cls)
        if tag == "svg":
            return ""
        return "".join(s if isinstance(s, str) else self.inline(s) for s in items(el))

    def span(self, el, cls):
        if "twemoji" in cls:
            return "<emoji>"
        if "keys" in cls:
            return "<kbd %s>" % "+".join(text_content(k) for k in el.iter("kbd"))
        if "attendee-id-container" in cls:
            children = list(el)
            holder = next((c for c in children if "attendee-id-placeholder" in classes(c)), None)
            copy = " copy" if any("copy" in classes(c) for c in children) else ""
            if holder is None:
                # Shown as text (the companion reports it): its content without the copy button.
                return "".join(
                    s if isinstance(s, str) else ("" if "copy" in classes(s) else self.inline(s))
                    for s in items(el)
                )
            prefix = holder.get("data-prefix")
            suffix = holder.get("data-suffix")
            before, after, seen = [], [], False
            for item in items(el):
                if item is holder:
                    seen = True
                elif isinstance(item, str):
                    (after if seen else before).append(item)
                elif "copy" not in classes(item):
                    (after if seen else before).append(text_content(item))
            prefix = prefix if prefix is not None else "".join(before)
            suffix = suffix if suffix is not None else "".join(after)
            return "<attendee %s %s%s>" % (rust_debug(prefix), rust_debug(suffix), copy)
        if "attendee-id-placeholder" in cls:
            return "<attendee %s %s>" % (
                rust_debug(el.get("data-prefix") or ""),
                rust_debug(el.get("data-suffix") or ""),
            )
        if "copy-static" in cls:
            visible = "".join(
                s if isinstance(s, str) else ("" if "copy" in classes(s) else self.inline(s))
                for s in items(el)
            )
            text = el.get("data-copy-text")
            return visible + ("<copy %s>" % rust_debug(text) if text and text.strip() else "")
        if "copy" in cls:
            return ""
        return "".join(s if isinstance(s, str) else self.inline(s) for s in items(el))


def outline(html):
    doc = html5lib.parse(html, namespaceHTMLElements=False)
    body = doc.find("body")
    out = Outline()
    out.parents = {child: parent for parent in body.iter() for child in parent}
    out.blocks(body, 0)
    # The footnotes' backlinks leave a no-break space behind.
    return "\n".join(line.replace("\u00a0", " ").rstrip() for line in out.lines) + "\n"


def main(argv):
    show = "--print" in argv
    paths = [a for a in argv if not a.startswith("--")]
    if not paths:
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "mkdocs")
        paths = sorted(glob.glob(os.path.join(root, "*.md")))
    failed = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            got = outline(render(f.read()))
        if show:
            sys.stdout.write(got)
            continue
        expected_path = os.path.splitext(path)[0] + ".outline"
        try:
            with open(expected_path, encoding="utf-8") as f:
                expected = f.read()
        except FileNotFoundError:
            expected = ""
        if got == expected:
            print("same    %s" % os.path.basename(path))
        else:
            failed += 1
            print("DIFFERS %s" % os.path.basename(path))
            sys.stdout.writelines(
                difflib.unified_diff(
                    expected.splitlines(True), got.splitlines(True), "expected (fixture)", "MkDocs"
                )
            )
    if not show:
        print("%d of %d fixtures render as MkDocs renders them" % (len(paths) - failed, len(paths)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
