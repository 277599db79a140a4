//! JSON-LD → RDF → canonical N-Quads (RDFC-1.0), with every context we
//! accept compiled in. A document naming any other context is refused:
//! what a signature covers must not depend on what a server says today.

use std::collections::HashMap;
use std::sync::OnceLock;

use iref::IriBuf;
use json_ld::syntax::Parse;
use json_ld::{JsonLdProcessor, RemoteDocument};

use crate::VcError;

pub const CONTEXT_CREDENTIALS_V2: &str = "https://www.w3.org/ns/credentials/v2";
pub const CONTEXT_OPEN_BADGES_V3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
const CONTEXT_EXAMPLES_V2: &str = "https://www.w3.org/ns/credentials/examples/v2";

const SHIPPED: [(&str, &str); 3] = [
    (CONTEXT_CREDENTIALS_V2, include_str!("../contexts/credentials-v2.jsonld")),
    (CONTEXT_OPEN_BADGES_V3, include_str!("../contexts/ob-v3p0-3.0.3.jsonld")),
    // The W3C examples context, used by the specification's test vectors.
    (CONTEXT_EXAMPLES_V2, include_str!("../contexts/credentials-examples-v2.jsonld")),
];

fn contexts() -> &'static HashMap<IriBuf, RemoteDocument> {
    static LOADER: OnceLock<HashMap<IriBuf, RemoteDocument>> = OnceLock::new();
    LOADER.get_or_init(|| {
        SHIPPED
            .iter()
            .map(|(url, text)| {
                let iri = IriBuf::new(url.to_string()).expect("shipped context URLs are IRIs");
                let (json, _) = json_ld::syntax::Value::parse_str(text).expect("shipped contexts are JSON");
                (iri.clone(), RemoteDocument::new(Some(iri), None, json))
            })
            .collect()
    })
}

/// How many times RDFC-1.0 may run its "Hash N-Degree Quads" step for one
/// document. A credential we issue needs a handful; a crafted "poison graph"
/// (blank nodes that look alike) needs factorially many, so past this the
/// document is refused instead of holding a CPU for minutes.
pub const CANON_CALL_LIMIT: usize = 300;

/// The most look-alike blank nodes one blank node may be tied to. RDFC-1.0
/// tries every ordering of such a group (n! of them, and the library's call
/// limit does not count orderings), so a group is kept small enough that
/// its orderings cost nothing: 4! = 24. Our credentials have none over 2.
pub const MAX_ALIKE: usize = 4;

/// The most statements tying two blank nodes together. Each such tie is a
/// group RDFC-1.0 may order again at every step, so the number of ties
/// bounds the work per step; a credential with an endorsement and evidence
/// has a few dozen (every statement of a proof ties it to its graph).
pub const MAX_BLANK_TIES: usize = 150;

/// The most named graphs a document may hold (a credential with one proof
/// and a few endorsements holds under ten).
pub const MAX_GRAPHS: usize = 32;

/// The most quads a document may expand to.
pub const MAX_QUADS: usize = 2_000;

/// The canonical N-Quads of a JSON-LD document, one quad a line, sorted.
pub fn canonical_nquads(doc: &serde_json::Value) -> Result<String, VcError> {
    let text = serde_json::to_string(doc).map_err(|e| VcError::JsonLd(e.to_string()))?;
    let (json, _) = json_ld::syntax::Value::parse_str(&text).map_err(|e| VcError::JsonLd(e.to_string()))?;
    let input = RemoteDocument::new(None, None, json);
    let mut generator = json_ld::rdf_types::generator::Blank::new();
    let quads: Vec<oxrdf::Quad> = futures::executor::block_on(async {
        let mut rdf = input.to_rdf(&mut generator, contexts()).await.map_err(|e| VcError::JsonLd(e.to_string()))?;
        rdf.cloned_quads().map(to_oxrdf).collect::<Result<Vec<_>, VcError>>()
    })?;
    if quads.len() > MAX_QUADS {
        return Err(VcError::TooComplex("too many statements"));
    }
    let graphs: std::collections::HashSet<&oxrdf::GraphName> = quads.iter().map(|q| &q.graph_name).collect();
    if graphs.len() > MAX_GRAPHS {
        return Err(VcError::TooComplex("too many named graphs"));
    }
    if blank_ties(&quads) > MAX_BLANK_TIES {
        return Err(VcError::TooComplex("too many statements tie blank nodes together"));
    }
    if largest_alike_group(&quads) > MAX_ALIKE {
        return Err(VcError::TooComplex("too many look-alike blank nodes tied to one node"));
    }
    let options = rdf_canon::CanonicalizationOptions { hndq_call_limit: Some(CANON_CALL_LIMIT) };
    rdf_canon::canonicalize_quads_with::<sha2::Sha256>(&quads, &options).map_err(|e| match e {
        rdf_canon::CanonicalizationError::HndqCallLimitExceeded(_) => {
            VcError::TooComplex("blank nodes too alike to canonicalise within the work budget")
        }
        other => VcError::Canon(other.to_string()),
    })
}

/// Statements naming two or more different blank nodes.
fn blank_ties(quads: &[oxrdf::Quad]) -> usize {
    quads
        .iter()
        .filter(|q| {
            let mut blanks = Vec::with_capacity(3);
            if let oxrdf::Subject::BlankNode(b) = &q.subject {
                blanks.push(b.as_str());
            }
            if let oxrdf::Term::BlankNode(b) = &q.object {
                blanks.push(b.as_str());
            }
            if let oxrdf::GraphName::BlankNode(b) = &q.graph_name {
                blanks.push(b.as_str());
            }
            blanks.sort_unstable();
            blanks.dedup();
            blanks.len() >= 2
        })
        .count()
}

/// The size of the largest group of blank nodes that RDFC-1.0 would have
/// to put in every order: the blank nodes tied to one blank node through
/// quads in the same position and with the same predicate whose first-degree
/// hashes (RDFC-1.0 §4.6) are equal. Canonical identifiers issued along the
/// way can only split such groups, so this bounds the orderings tried.
fn largest_alike_group(quads: &[oxrdf::Quad]) -> usize {
    use oxrdf::{GraphName, Subject, Term};
    use sha2::{Digest, Sha256};
    use std::collections::{BTreeSet, HashSet};

    fn blank_of_subject(s: &Subject) -> Option<&str> {
        match s {
            Subject::BlankNode(b) => Some(b.as_str()),
            _ => None,
        }
    }
    fn blank_of_term(t: &Term) -> Option<&str> {
        match t {
            Term::BlankNode(b) => Some(b.as_str()),
            _ => None,
        }
    }
    fn blank_of_graph(g: &GraphName) -> Option<&str> {
        match g {
            GraphName::BlankNode(b) => Some(b.as_str()),
            _ => None,
        }
    }
    // Each blank node's quads.
    let mut mentions: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, q) in quads.iter().enumerate() {
        let blanks = [blank_of_subject(&q.subject), blank_of_term(&q.object), blank_of_graph(&q.graph_name)];
        for b in blanks.into_iter().flatten().collect::<HashSet<_>>() {
            mentions.entry(b).or_default().push(i);
        }
    }
    // First-degree hashes: the node's quads with itself as _:a, others as _:z.
    let show = |b: Option<&str>, me: &str, other: String| match b {
        Some(x) if x == me => "_:a".to_owned(),
        Some(_) => "_:z".to_owned(),
        None => other,
    };
    let first_degree: HashMap<&str, Vec<u8>> = mentions
        .iter()
        .map(|(&me, at)| {
            let lines: BTreeSet<String> = at
                .iter()
                .map(|&i| {
                    let q = &quads[i];
                    format!(
                        "{} {} {} {}",
                        show(blank_of_subject(&q.subject), me, q.subject.to_string()),
                        q.predicate,
                        show(blank_of_term(&q.object), me, q.object.to_string()),
                        show(blank_of_graph(&q.graph_name), me, q.graph_name.to_string()),
                    )
                })
                .collect();
            let mut hash = Sha256::new();
            for l in lines {
                hash.update(l.as_bytes());
                hash.update(b"\n");
            }
            (me, hash.finalize().to_vec())
        })
        .collect();
    // For each blank node, its related blank nodes grouped as RDFC-1.0 does.
    let mut largest = 0;
    for (&me, at) in &mentions {
        let mut groups: HashMap<(char, String, &[u8]), HashSet<&str>> = HashMap::new();
        for &i in at {
            let q = &quads[i];
            let related = [
                ('s', blank_of_subject(&q.subject)),
                ('o', blank_of_term(&q.object)),
                ('g', blank_of_graph(&q.graph_name)),
            ];
            for (position, other) in related {
                if let Some(other) = other.filter(|o| *o != me) {
                    // A graph name's hash leaves out the predicate, as RDFC-1.0 does.
                    let predicate = if position == 'g' { String::new() } else { q.predicate.to_string() };
                    let key = (position, predicate, first_degree[other].as_slice());
                    groups.entry(key).or_default().insert(other);
                }
            }
        }
        largest = groups.values().map(HashSet::len).fold(largest, usize::max);
    }
    largest
}

type LdId = json_ld::rdf_types::Id<IriBuf, json_ld::rdf_types::BlankIdBuf>;
type LdQuad = json_ld::rdf_types::Quad<LdId, LdId, json_ld::rdf_types::Term<LdId, json_ld::rdf_types::Literal>, LdId>;

fn to_oxrdf(q: LdQuad) -> Result<oxrdf::Quad, VcError> {
    use json_ld::rdf_types::{LiteralType, Term};
    let json_ld::rdf_types::Quad(s, p, o, g) = q;
    let subject: oxrdf::Subject = match id(s)? {
        Node::Named(n) => n.into(),
        Node::Blank(b) => b.into(),
    };
    let predicate = match id(p)? {
        Node::Named(n) => n,
        Node::Blank(_) => return Err(VcError::JsonLd("a blank node predicate".into())),
    };
    let object: oxrdf::Term = match o {
        Term::Id(i) => match id(i)? {
            Node::Named(n) => n.into(),
            Node::Blank(b) => b.into(),
        },
        Term::Literal(l) => match l.type_ {
            LiteralType::Any(t) => {
                oxrdf::Literal::new_typed_literal(l.value, oxrdf::NamedNode::new_unchecked(t.into_string())).into()
            }
            LiteralType::LangString(tag) => oxrdf::Literal::new_language_tagged_literal(l.value, tag.as_str())
                .map_err(|e| VcError::JsonLd(e.to_string()))?
                .into(),
        },
    };
    let graph = match g {
        None => oxrdf::GraphName::DefaultGraph,
        Some(g) => match id(g)? {
            Node::Named(n) => n.into(),
            Node::Blank(b) => b.into(),
        },
    };
    Ok(oxrdf::Quad::new(subject, predicate, object, graph))
}

enum Node {
    Named(oxrdf::NamedNode),
    Blank(oxrdf::BlankNode),
}

fn id(i: LdId) -> Result<Node, VcError> {
    use json_ld::rdf_types::Id;
    Ok(match i {
        Id::Iri(iri) => Node::Named(oxrdf::NamedNode::new_unchecked(iri.into_string())),
        Id::Blank(b) => {
            Node::Blank(oxrdf::BlankNode::new(b.suffix().to_string()).map_err(|e| VcError::JsonLd(e.to_string()))?)
        }
    })
}
