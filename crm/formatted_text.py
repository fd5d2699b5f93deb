"""Formatted text (agenda, minutes, decisions) written in Markdown: rendered for a page only
through this module, which cleans the HTML so that nothing typed into a field can run in a
reader's browser, and flattened to plain paragraphs for a PDF."""

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# Raw HTML is shown as text, a single line break stays one.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "breaks": True})
_TAGS = {
    *("p", "br", "strong", "em", "code", "pre", "blockquote", "hr", "a"),
    *("ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6"),
}
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
_SCHEMES = {"http", "https", "mailto"}
BULLET = "•"


def render_markdown(text: str | None) -> Markup:
    """The text as safe HTML in a ``div.lotse-formatted``: Markdown's formatting and links,
    no scripts, no event attributes, no ``javascript:`` links, no HTML of the writer's own."""
    if not text:
        return Markup("")
    html = nh3.clean(
        _MARKDOWN.render(text),
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return Markup('<div class="lotse-formatted">{}</div>').format(Markup(html))


def plain_blocks(text: str | None) -> list[str]:
    """The text as plain paragraphs without the Markdown: a list item as one paragraph
    starting with a bullet or its number, indented by its depth; line breaks kept."""
    blocks: list[str] = []
    lists: list[list] = []  # per open list: [ordered, next number]
    prefix = ""
    for token in _MARKDOWN.parse(text or ""):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            ordered = token.type == "ordered_list_open"
            lists.append([ordered, int(token.attrGet("start") or 1)])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "list_item_open":
            ordered, number = lists[-1]
            marker = f"{number}." if ordered else BULLET
            lists[-1][1] += 1
            prefix = "    " * (len(lists) - 1) + marker + " "
        elif token.type == "inline":
            blocks.append(prefix + _inline_text(token))
            prefix = ""
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
    return blocks


def _inline_text(token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
    return "".join(parts)
