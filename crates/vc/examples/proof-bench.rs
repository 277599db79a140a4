//! How long signing and checking an Open Badges 3.0 credential takes (the
//! JSON-LD expansion and RDF canonicalisation dominate), and encoding a
//! status list. `cargo run --release -p vc --example proof-bench`.

use std::time::Instant;

use serde_json::json;
use vc::{Keypair, ProofOptions, StatusList, encode_list, public_key_from_multibase, sign, verify};

fn badge(n: usize) -> serde_json::Value {
    json!({
        "@context": [vc::CONTEXT_CREDENTIALS_V2, vc::CONTEXT_OPEN_BADGES_V3],
        "id": format!("https://batayon.example/credentials/{n}"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "শ্রেণিকক্ষে অনুশীলনকারী শিক্ষক",
        "issuer": {"id": "did:web:batayon.example:issuers:1", "type": ["Profile"], "name": "জাতীয় শিক্ষা ব্যবস্থাপনা একাডেমি", "url": "https://batayon.example/issuers/1"},
        "validFrom": "2026-11-24T08:00:00Z",
        "validUntil": "2028-11-23T08:00:00Z",
        "credentialSubject": {
            "id": format!("https://batayon.example/teachers/{n}"),
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityType": "name", "hashed": false, "identityHash": "রোকেয়া খাতুন"}],
            "achievement": {
                "id": "https://batayon.example/achievements/2", "type": ["Achievement"], "achievementType": "MicroCredential",
                "name": "শ্রেণিকক্ষে অনুশীলনকারী শিক্ষক", "description": "কোর্সে শেখা কৌশল নিজের শ্রেণিতে চেষ্টা করেছেন।",
                "criteria": {"id": "https://batayon.example/achievements/2#criteria", "narrative": "তিনটি সমর্থিত অনুশীলন"},
                "image": {"id": "https://batayon.example/achievements/2/image.svg", "type": "Image"},
                "alignment": [{"type": ["Alignment"], "targetName": "অনুশীলন-পর্যালোচনা", "targetCode": "TC7", "targetType": "CFItem", "targetUrl": "https://batayon.example/competencies#TC7"}],
                "tag": ["অনুশীলন", "জার্নাল"]
            }
        },
        "evidence": [{"id": "https://batayon.example/practice/logs/1", "type": ["Evidence"], "name": "কাগজ ভাঁজে অর্ধেক", "narrative": "প্রধান শিক্ষকের পর্যবেক্ষণসহ"}],
        "credentialStatus": {"id": "https://batayon.example/credentials/status/1#5", "type": "BitstringStatusListEntry", "statusPurpose": "revocation", "statusListIndex": "5", "statusListCredential": "https://batayon.example/credentials/status/1"}
    })
}

fn report(what: &str, mut ms: Vec<f64>) {
    ms.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q) as usize];
    println!("{what:<34} n={:<4} p50 {:>6.2} ms  p99 {:>6.2} ms", ms.len(), at(0.5), at(0.99));
}

fn main() {
    let key = Keypair::generate();
    let public = public_key_from_multibase(&key.public_multibase()).unwrap();
    let options = ProofOptions {
        created: "2026-11-24T08:00:00Z".into(),
        verification_method: "did:web:batayon.example:issuers:1#key-1".into(),
        proof_purpose: "assertionMethod".into(),
    };
    let (mut signing, mut checking) = (Vec::new(), Vec::new());
    for n in 0..300 {
        let doc = badge(n);
        let t = Instant::now();
        let signed = sign(&doc, &options, &key).unwrap();
        signing.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        verify(&signed, &public).unwrap();
        checking.push(t.elapsed().as_secs_f64() * 1e3);
    }
    report("sign an OpenBadgeCredential", signing);
    report("verify an OpenBadgeCredential", checking);
    let mut list = StatusList::new(vc::status::MIN_BITS);
    for i in (0..131_072).step_by(131) {
        list.set(i);
    }
    let t = Instant::now();
    let encoded = encode_list(&list);
    println!(
        "encode a 131,072-bit status list    {:.2} ms, {} bytes with 1,001 revoked",
        t.elapsed().as_secs_f64() * 1e3,
        encoded.len()
    );
}
