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
    rdf_canon::canonicalize_quads(&quads).map_err(|e| VcError::Canon(e.to_string()))
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
