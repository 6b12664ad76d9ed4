"""CMIF, the Correspondence Metadata Interchange Format: letters' metadata as one TEI document.

Archives that publish letters give correspSearch (https://correspsearch.net) such a file: a
TEI header naming the file's editor, publisher, licence and the source the letters come from,
and in its profileDesc one correspDesc per letter, with who sent it from where and when, and
who received it. The structure followed is CMIF version 1 (the TEI Correspondence SIG's
"Correspondence Metadata Interchange Format"). Written with lxml: element and namespace
handling, escaping and a well-formed document are its job, not string templates'.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

TEI = "http://www.tei-c.org/ns/1.0"
XML = "http://www.w3.org/XML/1998/namespace"
CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_WORDING = {CC_BY_4: "This file is licensed under the terms of the Creative-Commons-License CC-BY 4.0"}
# The xml:id of the one bibl every correspDesc's @source points at.
SOURCE_ID = "letterbook-source"


@dataclass
class CmifHeader:
    """What the TEI header says about the file; url is where the file is (to be) published."""
    title: str
    editor: str
    editor_email: str
    publisher: str
    url: str
    licence: str = CC_BY_4
    letter_url: str = "urn:letterbook:{id}"  # a letter's @ref: {id} is its letterbook id
    published: str = None                    # ISO day; today (UTC) when None

    def letter_ref(self, letter_id: str) -> str:
        return self.letter_url.replace("{id}", letter_id)


# What XML 1.0 cannot hold (C0 controls but tab and newlines, lone surrogates, U+FFFE/U+FFFF),
# which OCR can still put in a name: shown as an escape (\x1b), as the terminal shows it.
_NOT_XML = {c: f"\\x{c:02x}" for c in range(0x20) if c not in (0x9, 0xa, 0xd)}
_NOT_XML.update({c: f"\\u{c:04x}" for c in [*range(0xd800, 0xe000), 0xfffe, 0xffff]})


def xml_text(value) -> str:
    """A value as XML text or an attribute can hold it."""
    return str(value).translate(_NOT_XML)


def _tei(name: str) -> str:
    return f"{{{TEI}}}{name}"


def _add(parent, name: str, text: str = None, **attributes):
    from lxml import etree
    element = etree.SubElement(parent, _tei(name), {k: xml_text(v) for k, v in attributes.items() if v is not None})
    if text is not None:
        element.text = xml_text(text)
    return element


def cmif_document(letters: Iterable, header: CmifHeader):
    """The TEI document (an lxml ElementTree) for these letters (app.correspondence.Correspondence)."""
    from lxml import etree
    root = etree.Element(_tei("TEI"), nsmap={None: TEI})
    tei_header = _add(root, "teiHeader")
    file_desc = _add(tei_header, "fileDesc")
    title_stmt = _add(file_desc, "titleStmt")
    _add(title_stmt, "title", header.title)
    editor = _add(title_stmt, "editor", header.editor)
    _add(editor, "email", header.editor_email)
    publication = _add(file_desc, "publicationStmt")
    publisher = _add(publication, "publisher")
    _add(publisher, "ref", header.publisher, target=header.url)
    _add(publication, "idno", header.url, type="url")
    _add(publication, "date", when=header.published or dt.datetime.now(dt.timezone.utc).date().isoformat())
    availability = _add(publication, "availability")
    _add(availability, "licence", LICENCE_WORDING.get(header.licence, header.licence), target=header.licence)
    source_desc = _add(file_desc, "sourceDesc")
    bibl = _add(source_desc, "bibl", header.title + ". ", type="online")
    bibl.set(f"{{{XML}}}id", SOURCE_ID)
    _add(bibl, "ref", header.url, target=header.url)
    profile = _add(tei_header, "profileDesc")
    for letter in letters:
        _corresp_desc(profile, letter, header)
    # CMIF files carry no text of the letters: the body is one empty paragraph
    _add(_add(_add(root, "text"), "body"), "p")
    return etree.ElementTree(root)


def _corresp_desc(profile, letter, header: CmifHeader):
    desc = _add(profile, "correspDesc", key=letter.letter_id, ref=header.letter_ref(letter.letter_id),
                source=f"#{SOURCE_ID}")
    bounds = letter.date_bounds()
    # an action the letter says nothing about is left out rather than written empty
    if letter.senders or letter.place or bounds:
        sent = _add(desc, "correspAction", type="sent")
        _parties(sent, letter.senders)
        if letter.place:
            _add(sent, "placeName", letter.place)
        if bounds and letter.date_precision == "day":
            _add(sent, "date", when=letter.date)
        elif bounds:
            _add(sent, "date", notBefore=bounds[0], notAfter=bounds[1])
    if letter.addressees:
        _parties(_add(desc, "correspAction", type="received"), letter.addressees)


def _parties(action, parties):
    for party in parties:
        _add(action, "orgName" if party.is_org else "persName", party.name, ref=party.ref)


def write_cmif(letters: Iterable, header: CmifHeader, out) -> None:
    """The document to a binary stream, UTF-8 with its XML declaration."""
    cmif_document(letters, header).write(out, encoding="UTF-8", xml_declaration=True, pretty_print=True)
