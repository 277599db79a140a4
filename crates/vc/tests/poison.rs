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

/// Five blank nodes each tied to the other four by `predicates` properties:
/// no group of look-alikes is large, but there are many groups to order.
fn clique(predicates: usize) -> Value {
    let members: Vec<Value> = (0..5)
        .map(|i| {
            let mut node = serde_json::Map::new();
            node.insert("@id".into(), json!(format!("_:b{i}")));
            let others: Vec<Value> = (0..5).filter(|j| *j != i).map(|j| json!({ "@id": format!("_:b{j}") })).collect();
            for p in 0..predicates {
                node.insert(format!("http://example.org/p{p}"), Value::Array(others.clone()));
            }
            Value::Object(node)
        })
        .collect();
    json!({ "@graph": members })
}

#[test]
fn a_clique_of_blank_nodes_is_answered_within_a_second_whatever_its_width() {
    for predicates in [7, 140] {
        let started = Instant::now();
        let _ = vc::canonical_nquads(&clique(predicates));
        assert!(started.elapsed() < Duration::from_secs(1), "{predicates} predicates took {:?}", started.elapsed());
    }
    let outcome = vc::canonical_nquads(&clique(140));
    assert!(matches!(outcome, Err(vc::VcError::TooComplex(_))), "got {outcome:?}");
}
