//! RDFC-1.0 "poison graphs": documents whose blank nodes all look alike make
//! canonicalisation try every ordering of them. They must be refused
//! quickly, not walked.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// `k` named graphs, each naming two blank nodes that share one neighbour:
/// every graph, and both nodes in it, hash the same at first degree.
fn poison(k: usize) -> Value {
    let graphs: Vec<Value> = (0..k)
        .map(|i| {
            json!({
                "@id": format!("_:g{i}"),
                "@graph": [
                    { "@id": "_:a", "http://example.org/near": { "@id": "_:c" } },
                    { "@id": "_:b", "http://example.org/near": { "@id": "_:c" } },
                ]
            })
        })
        .collect();
    json!({ "@graph": graphs })
}

#[test]
fn a_poison_graph_is_refused_within_a_second() {
    let started = Instant::now();
    let outcome = vc::canonical_nquads(&poison(10));
    assert!(matches!(outcome, Err(vc::VcError::TooComplex(_))), "got {outcome:?}");
    assert!(started.elapsed() < Duration::from_secs(1), "took {:?}", started.elapsed());
}

#[test]
fn a_document_with_too_many_graphs_is_refused() {
    let outcome = vc::canonical_nquads(&poison(vc::MAX_GRAPHS + 1));
    assert!(matches!(outcome, Err(vc::VcError::TooComplex(_))), "got {outcome:?}");
}

#[test]
fn a_few_alike_blank_nodes_still_canonicalise() {
    // Two look-alike graphs are a small, honest amount of work.
    let nquads = vc::canonical_nquads(&poison(2)).expect("canonicalises");
    assert_eq!(nquads.lines().count(), 4);
}
