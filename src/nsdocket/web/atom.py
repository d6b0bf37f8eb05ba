"""Writing a feed as Atom 1.0 (RFC 4287), with the standard library's ElementTree.

Ids are tag URIs (RFC 4151): ``tag:HOST,DATE:nsdocket/case-12/import-3f2a…``, where DATE is
the day the database's audit log began, so an entry keeps its id however often it is read.
Times are UTC, written as RFC 3339 with ``Z``. Characters XML cannot hold are dropped.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from nsdocket import __version__
from nsdocket.follow.feeds import Feed, FeedEntry

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
# Characters outside XML 1.0's Char production (controls, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    """``value`` without the characters an XML document cannot hold."""
    return _NOT_XML.sub("", value)


def rfc3339(moment: dt.datetime) -> str:
    """A UTC time (stored without a zone) as RFC 3339: ``2025-03-05T10:00:00Z``."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat() + "Z"


def tag_uri(authority: str, started: dt.date, key: str) -> str:
    """A tag URI naming ``key`` on this site: ``tag:example.org,2025-01-10:nsdocket/KEY``."""
    return f"tag:{authority},{started.isoformat()}:nsdocket/{key}"


def _add(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    child = ET.SubElement(parent, name, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        child.text = xml_text(text)
    return child


def _entry(parent: ET.Element, entry: FeedEntry, *, base_url: str, tag: str) -> None:
    node = _add(parent, "entry")
    _add(node, "id", f"{tag}{entry.key}")
    _add(node, "title", entry.title, type="text")
    _add(node, "published", rfc3339(entry.published))
    _add(node, "updated", rfc3339(entry.updated))
    if entry.path:
        _add(node, "link", rel="alternate", type="text/html", href=base_url + entry.path)
    _add(node, "summary", entry.summary, type="text")


def atom_document(feed: Feed, *, base_url: str, self_url: str, authority: str) -> bytes:
    """The feed as an Atom document (UTF-8 bytes with the XML declaration).

    Args:
        feed: the feed.
        base_url: the site's address without a trailing slash (``http://example.org``), for
            the absolute links Atom readers need.
        self_url: the address the feed was fetched from.
        authority: the site's host name, for the tag URIs.
    """
    root = ET.Element("feed", {"xmlns": ATOM})
    _add(root, "id", tag_uri(authority, feed.started, feed.key))
    _add(root, "title", feed.title, type="text")
    _add(root, "updated", rfc3339(feed.updated))
    author = _add(root, "author")
    _add(author, "name", "nsdocket")
    _add(root, "link", rel="self", type=MEDIA_TYPE, href=self_url)
    _add(root, "link", rel="alternate", type="text/html", href=base_url + feed.path)
    _add(root, "generator", "nsdocket", version=__version__)
    tag = tag_uri(authority, feed.started, "")
    for entry in feed.entries:
        _entry(root, entry, base_url=base_url, tag=tag)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
