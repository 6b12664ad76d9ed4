"""The correspondence network: who wrote to whom, as a graph for Gephi, networkx or Cytoscape.

Persons and organisations are nodes; the letters from one to another are one directed edge,
weighted by their number, with the first and last date among them. Written as GraphML
(http://graphml.graphdrawing.org) or GEXF 1.3 (https://gexf.net), with lxml.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Optional

from letterbook.app.cmif import xml_text

GRAPHML = "http://graphml.graphdrawing.org/xmlns"
GEXF = "http://gexf.net/1.3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATIONS = {GRAPHML: "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
                    GEXF: "http://gexf.net/1.3/gexf.xsd"}
# The file suffixes `letterbook network` writes, and the format of each.
FORMATS = {".graphml": "graphml", ".gexf": "gexf"}


@dataclass
class Node:
    id: str                  # n1, n2...: in the order the parties first appear
    label: str
    is_org: bool
    ref: Optional[str]
    letters: int = 0         # letters the party sent or received
    sent: int = 0
    received: int = 0

    @property
    def kind(self) -> str:
        return "organisation" if self.is_org else "person"


@dataclass
class Edge:
    source: str
    target: str
    weight: int = 0          # the letters from source to target
    first: Optional[str] = None   # the earliest and latest date among them, ISO as far as known
    last: Optional[str] = None


@dataclass
class Network:
    nodes: dict = field(default_factory=dict)   # party key -> Node
    edges: dict = field(default_factory=dict)   # (source id, target id) -> Edge
    letters: int = 0
    unlinked: int = 0        # letters without a known sender or addressee: no edge

    def summary(self) -> dict:
        orgs = sum(node.is_org for node in self.nodes.values())
        return {"letters": self.letters, "letters_without_edge": self.unlinked, "nodes": len(self.nodes),
                "persons": len(self.nodes) - orgs, "organisations": orgs, "edges": len(self.edges)}


def _party_key(party) -> tuple:
    # one node per authority identifier when known, else per name as written
    return (party.is_org, party.ref or party.name)


def build_network(letters) -> Network:
    """The network of these letters (app.correspondence.Correspondence)."""
    network = Network()

    def node_of(party) -> Node:
        key = _party_key(party)
        if key not in network.nodes:
            network.nodes[key] = Node(f"n{len(network.nodes) + 1}", party.name, party.is_org, party.ref)
        return network.nodes[key]

    for letter in letters:
        network.letters += 1
        senders = [node_of(party) for party in letter.senders]
        addressees = [node_of(party) for party in letter.addressees]
        for node in {id(n): n for n in senders + addressees}.values():
            node.letters += 1
        for node in senders:
            node.sent += 1
        for node in addressees:
            node.received += 1
        if not senders or not addressees:
            network.unlinked += 1
        for source in senders:
            for target in addressees:
                edge = network.edges.setdefault((source.id, target.id), Edge(source.id, target.id))
                edge.weight += 1
                if letter.date:
                    edge.first = min(edge.first or letter.date, letter.date)
                    edge.last = max(edge.last or letter.date, letter.date)
    return network


# (name, type in GraphML, type in GEXF) of what nodes and edges carry beside their label and weight
NODE_ATTRIBUTES = (("kind", "string", "string"), ("ref", "string", "string"), ("letters", "int", "integer"),
                   ("sent", "int", "integer"), ("received", "int", "integer"))
EDGE_ATTRIBUTES = (("first", "string", "string"), ("last", "string", "string"))


def _node_values(node: Node) -> dict:
    return {"kind": node.kind, "ref": node.ref, "letters": node.letters, "sent": node.sent,
            "received": node.received}


def _edge_values(edge: Edge) -> dict:
    return {"first": edge.first, "last": edge.last}


def _add(namespace: str, parent, name: str, text=None, **attributes):
    """A child element in namespace, its attributes and text made safe for XML."""
    from lxml import etree
    element = etree.SubElement(parent, f"{{{namespace}}}{name}", {k: xml_text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def graphml_document(network: Network):
    from lxml import etree
    root = etree.Element(f"{{{GRAPHML}}}graphml", nsmap={None: GRAPHML, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{GRAPHML} {SCHEMA_LOCATIONS[GRAPHML]}")
    add = functools.partial(_add, GRAPHML)

    add(root, "key", id="label", **{"for": "node", "attr.name": "label", "attr.type": "string"})
    for name, kind, _ in NODE_ATTRIBUTES:
        add(root, "key", id=name, **{"for": "node", "attr.name": name, "attr.type": kind})
    add(root, "key", id="weight", **{"for": "edge", "attr.name": "weight", "attr.type": "int"})
    for name, kind, _ in EDGE_ATTRIBUTES:
        add(root, "key", id=name, **{"for": "edge", "attr.name": name, "attr.type": kind})
    graph = add(root, "graph", id="letters", edgedefault="directed")
    for node in network.nodes.values():
        element = add(graph, "node", id=node.id)
        add(element, "data", node.label, key="label")
        for name, value in _node_values(node).items():
            if value is not None:
                add(element, "data", value, key=name)
    for n, edge in enumerate(network.edges.values(), 1):
        element = add(graph, "edge", id=f"e{n}", source=edge.source, target=edge.target)
        add(element, "data", edge.weight, key="weight")
        for name, value in _edge_values(edge).items():
            if value is not None:
                add(element, "data", value, key=name)
    return etree.ElementTree(root)


def gexf_document(network: Network, today: str = None):
    from letterbook import __version__
    from lxml import etree
    root = etree.Element(f"{{{GEXF}}}gexf", nsmap={None: GEXF, "xsi": XSI}, version="1.3")
    root.set(f"{{{XSI}}}schemaLocation", f"{GEXF} {SCHEMA_LOCATIONS[GEXF]}")
    add = functools.partial(_add, GEXF)

    meta = add(root, "meta", lastmodifieddate=today or dt.datetime.now(dt.timezone.utc).date().isoformat())
    add(meta, "creator", f"letterbook {__version__}")
    add(meta, "description", "correspondents and the letters between them")
    graph = add(root, "graph", defaultedgetype="directed", mode="static")
    for klass, attributes in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        declared = add(graph, "attributes", **{"class": klass})
        for name, _, kind in attributes:
            add(declared, "attribute", id=name, title=name, type=kind)
    nodes = add(graph, "nodes")
    for node in network.nodes.values():
        _attvalues(add(nodes, "node", id=node.id, label=node.label), _node_values(node), add)
    edges = add(graph, "edges")
    for n, edge in enumerate(network.edges.values(), 1):
        element = add(edges, "edge", id=f"e{n}", source=edge.source, target=edge.target, weight=str(edge.weight))
        _attvalues(element, _edge_values(edge), add)
    return etree.ElementTree(root)


def _attvalues(element, values: dict, add):
    known = {name: value for name, value in values.items() if value is not None}
    if known:
        holder = add(element, "attvalues")
        for name, value in known.items():
            add(holder, "attvalue", **{"for": name, "value": str(value)})


def write_network(network: Network, fmt: str, out) -> None:
    """The network as GraphML or GEXF to a binary stream, UTF-8 with its XML declaration."""
    document = graphml_document(network) if fmt == "graphml" else gexf_document(network)
    document.write(out, encoding="UTF-8", xml_declaration=True, pretty_print=True)
