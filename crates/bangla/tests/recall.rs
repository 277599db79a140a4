//! The analyser measured on a table of real queries and the documents a
//! teacher expects them to find: content titles, blog posts and questions
//! as teachers write them, queried in Bangla (inflected, misspelt), in
//! English, and in Bangla typed in Latin letters. A document matches when
//! every query word meets one of its words (same search form, or for
//! Latin-letter queries the same sound key); the best ten are kept.
//! Prints precision and recall; fails if either falls below its floor.

use std::collections::{BTreeSet, HashMap};

const DOCUMENTS: &[(&str, &str)] = &[
    ("g4-frac", "চতুর্থ শ্রেণির গণিত: ভগ্নাংশের যোগ ও বিয়োগ"),
    ("g4-frac-video", "ভগ্নাংশ বোঝার সহজ উপায় — ৪র্থ শ্রেণি গণিত ভিডিও"),
    ("g3-mult", "তৃতীয় শ্রেণি গণিত: গুণ ও ভাগের খেলা"),
    ("g1-count", "প্রথম শ্রেণির শিশুদের জন্য সংখ্যা গণনা"),
    ("g5-geo", "পঞ্চম শ্রেণি: জ্যামিতির আকৃতি চেনা"),
    ("g6-sci", "ষষ্ঠ শ্রেণির বিজ্ঞান: উদ্ভিদের খাদ্য তৈরি"),
    ("g7-sci", "সপ্তম শ্রেণি বিজ্ঞান পরীক্ষাগারের নিরাপত্তা"),
    ("g8-bgs", "অষ্টম শ্রেণি বাংলাদেশ ও বিশ্বপরিচয়: মুক্তিযুদ্ধের ইতিহাস"),
    ("g5-bgs", "বাংলাদেশের নদনদী ও ভূগোল — পঞ্চম শ্রেণি"),
    ("g9-ict", "নবম শ্রেণির তথ্য ও যোগাযোগ প্রযুক্তি: ইন্টারনেট নিরাপত্তা"),
    ("g2-bangla", "দ্বিতীয় শ্রেণির বাংলা: ছড়া ও কবিতা আবৃত্তি"),
    ("g3-bangla", "বাংলা ব্যাকরণ: বিশেষ্য ও বিশেষণ, তৃতীয় শ্রেণি"),
    ("g6-eng", "Class 6 English: Reading stories aloud"),
    ("g4-eng", "English for Today Class 4: Fruits and vegetables"),
    ("g10-phys", "দশম শ্রেণি পদার্থবিজ্ঞান: গতি ও বল"),
    ("g10-chem", "দশম শ্রেণির রসায়ন: পর্যায় সারণি"),
    ("g9-bio", "নবম শ্রেণি জীববিজ্ঞান: কোষ ও কোষের গঠন"),
    ("g5-islam", "পঞ্চম শ্রেণি ইসলাম ও নৈতিক শিক্ষা"),
    ("g8-agri", "অষ্টম শ্রেণির কৃষিশিক্ষা: ধান চাষ"),
    ("g7-math", "সপ্তম শ্রেণির গণিত: বীজগণিতের সূত্র"),
    ("fractions-en", "Teaching fractions with paper strips"),
    ("projector-q", "প্রজেক্টরে ছবি আসে কিন্তু শব্দ আসে না, কী করব?"),
    ("laptop-q", "ল্যাপটপে বাংলা টাইপ করব কীভাবে?"),
    ("multimedia-post", "মাল্টিমিডিয়া ক্লাসরুমে শিক্ষকদের অভিজ্ঞতা"),
    ("ict-post", "ICT in education: using mobile phones in class"),
    ("noise-q", "বড় ক্লাসে শিশুরা খুব শব্দ করে, কী করা যায়?"),
    ("reading-post", "শিশুদের পড়ার অভ্যাস গড়ে তোলা"),
    ("flood-post", "বন্যার সময় চরের স্কুলে পড়ানো"),
    ("haor-post", "হাওরের বিদ্যালয়ে শিক্ষকের একদিন"),
    ("parents-post", "অভিভাবক সমাবেশে শিক্ষার্থীদের উপস্থিতি নিয়ে কথা"),
    ("exam-q", "সৃজনশীল প্রশ্ন তৈরির নিয়ম কী?"),
    ("lesson-plan", "পাঠ পরিকল্পনা তৈরির নমুনা"),
    ("teacher-training", "শিক্ষক প্রশিক্ষণে যা শিখলাম"),
    ("ags-course", "আনন্দে গণিত শিখি: প্রাথমিক শিক্ষকদের কোর্স"),
    ("idea-internet", "প্রতিটি স্কুলে ইন্টারনেট সংযোগ চাই"),
    ("idea-toilet", "মেয়েদের জন্য আলাদা শৌচাগার দরকার"),
    ("music", "সঙ্গীত ক্লাসে জাতীয় সংগীত শেখানো"),
    ("art", "চারু ও কারুকলা: রং দিয়ে ছবি আঁকা"),
    ("health", "শারীরিক শিক্ষা ও স্বাস্থ্য: হাত ধোয়ার নিয়ম"),
    ("climate", "জলবায়ু পরিবর্তন ও বাংলাদেশ"),
    ("numbers-en", "Counting numbers 1 to 100 for grade 1"),
    ("science-en", "Simple science experiments for primary classes"),
    ("grammar-en", "English grammar: tenses made easy"),
    ("digital-content", "ডিজিটাল কনটেন্ট তৈরির সহজ কৌশল"),
    ("zoom-q", "অনলাইন ক্লাস নিতে মোবাইলে কোন অ্যাপ ভালো?"),
    ("map", "বাংলাদেশের মানচিত্রে বিভাগ ও জেলা"),
    ("poem", "রবীন্দ্রনাথ ঠাকুরের কবিতা পাঠ"),
    ("nazrul", "কাজী নজরুল ইসলামের গান ও কবিতা"),
    ("history", "বাংলার ইতিহাস: পাল ও সেন যুগ"),
    ("religion-hindu", "হিন্দুধর্ম ও নৈতিক শিক্ষা, চতুর্থ শ্রেণি"),
];

/// A query and the documents a teacher typing it wants (each is one pair).
const QUERIES: &[(&str, &[&str])] = &[
    // Bangla, as written in the titles.
    ("গণিত", &["g4-frac", "g4-frac-video", "g3-mult", "g7-math", "ags-course"]),
    ("ভগ্নাংশ", &["g4-frac", "g4-frac-video"]),
    ("গণিত ভগ্নাংশ", &["g4-frac", "g4-frac-video"]),
    ("বিজ্ঞান", &["g6-sci", "g7-sci"]),
    ("জ্যামিতি", &["g5-geo"]),
    ("ইতিহাস", &["g8-bgs", "history"]),
    ("কবিতা", &["g2-bangla", "poem", "nazrul"]),
    ("ব্যাকরণ", &["g3-bangla"]),
    ("ইন্টারনেট", &["g9-ict", "idea-internet"]),
    ("প্রজেক্টর", &["projector-q"]),
    ("ল্যাপটপ", &["laptop-q"]),
    ("মাল্টিমিডিয়া", &["multimedia-post"]),
    ("বন্যা", &["flood-post"]),
    ("হাওর", &["haor-post"]),
    ("অভিভাবক", &["parents-post"]),
    ("সৃজনশীল প্রশ্ন", &["exam-q"]),
    ("পাঠ পরিকল্পনা", &["lesson-plan"]),
    ("প্রশিক্ষণ", &["teacher-training"]),
    ("শৌচাগার", &["idea-toilet"]),
    ("রসায়ন", &["g10-chem"]),
    ("কোষ", &["g9-bio"]),
    ("ধান", &["g8-agri"]),
    ("মানচিত্র", &["map"]),
    ("জলবায়ু", &["climate"]),
    ("রবীন্দ্রনাথ", &["poem"]),
    ("নজরুল", &["nazrul"]),
    ("কনটেন্ট", &["digital-content"]),
    // Inflected forms: the query's ending differs from the title's.
    ("বাংলাদেশের", &["g8-bgs", "g5-bgs", "climate", "map"]),
    ("বাংলাদেশ", &["g8-bgs", "g5-bgs", "climate", "map"]),
    ("শিক্ষকদের", &["multimedia-post", "ags-course", "haor-post", "teacher-training"]),
    ("শিক্ষক", &["multimedia-post", "ags-course", "haor-post", "teacher-training"]),
    ("ভগ্নাংশের", &["g4-frac", "g4-frac-video"]),
    ("গণিতের", &["g4-frac", "g4-frac-video", "g3-mult", "g7-math", "ags-course"]),
    ("শিশুরা", &["g1-count", "noise-q", "reading-post"]),
    ("শিশু", &["g1-count", "noise-q", "reading-post"]),
    ("স্কুল", &["flood-post", "idea-internet"]),
    ("বিদ্যালয়", &["haor-post"]),
    ("ক্লাস", &["noise-q", "music", "zoom-q"]),
    ("কোষের", &["g9-bio"]),
    ("হাওরে", &["haor-post"]),
    ("উদ্ভিদ", &["g6-sci"]),
    ("মুক্তিযুদ্ধ", &["g8-bgs"]),
    ("নদনদীর", &["g5-bgs"]),
    ("শিক্ষার্থী", &["parents-post"]),
    ("কৃষিশিক্ষার", &["g8-agri"]),
    ("বীজগণিত", &["g7-math"]),
    ("সংখ্যার", &["g1-count"]),
    ("ছবি", &["projector-q", "art"]),
    ("কবিতার", &["g2-bangla", "poem", "nazrul"]),
    // Misspellings and variant spellings.
    ("গনিত", &["g4-frac", "g4-frac-video", "g3-mult", "g7-math", "ags-course"]),
    ("শ্রেণী ভগ্নাংশ", &["g4-frac", "g4-frac-video"]),
    ("সংগীত", &["music"]),
    ("জাতীয় সঙ্গীত", &["music"]),
    ("ভুগোল", &["g5-bgs"]),
    ("সৃজনশিল", &["exam-q"]),
    ("পরিক্ষাগার", &["g7-sci"]),
    ("রং", &["art"]),
    // Classes with numbers in either script.
    ("৪র্থ শ্রেণি", &["g4-frac-video"]),
    ("class 6", &["g6-eng"]),
    ("class ৪", &["g4-eng"]),
    ("grade 1", &["numbers-en"]),
    // English, with endings.
    ("fraction", &["fractions-en"]),
    ("fractions", &["fractions-en"]),
    ("teach fractions", &["fractions-en"]),
    ("story", &["g6-eng"]),
    ("stories", &["g6-eng"]),
    ("mobile phone", &["ict-post"]),
    ("ict", &["ict-post"]),
    ("english", &["g6-eng", "g4-eng", "grammar-en"]),
    ("vegetable", &["g4-eng"]),
    ("experiment", &["science-en"]),
    ("science", &["science-en"]),
    ("grammar tenses", &["grammar-en"]),
    ("counting", &["numbers-en"]),
    ("number", &["numbers-en"]),
    ("reading", &["g6-eng"]),
    ("education", &["ict-post"]),
    // Bangla typed in Latin letters.
    ("gonit", &["g4-frac", "g4-frac-video", "g3-mult", "g7-math", "ags-course"]),
    ("ganit", &["g4-frac", "g4-frac-video", "g3-mult", "g7-math", "ags-course"]),
    ("bhognangsho", &["g4-frac", "g4-frac-video"]),
    ("gonit bhognangsho", &["g4-frac", "g4-frac-video"]),
    ("shikkhok", &["multimedia-post", "ags-course", "haor-post", "teacher-training"]),
    ("bigyan", &["g6-sci", "g7-sci"]),
    ("biggan", &["g6-sci", "g7-sci"]),
    ("itihas", &["g8-bgs", "history"]),
    ("kobita", &["g2-bangla", "poem", "nazrul"]),
    ("byakoron", &["g3-bangla"]),
    ("bangladesh", &["g8-bgs", "g5-bgs", "climate", "map"]),
    ("jamiti", &["g5-geo"]),
    ("bonna", &["flood-post"]),
    ("haor", &["haor-post"]),
    ("shongit", &["music"]),
    ("sangit", &["music"]),
    ("rosayon", &["g10-chem"]),
    ("dhan", &["g8-agri"]),
    ("manchitro", &["map"]),
    ("jolobayu", &["climate"]),
    ("nazrul", &["nazrul"]),
    ("robindronath", &["poem"]),
    ("srijonshil proshno", &["exam-q"]),
    ("path porikolpona", &["lesson-plan"]),
    ("proshikkhon", &["teacher-training"]),
    ("obhibhabok", &["parents-post"]),
    ("shishu", &["g1-count", "noise-q", "reading-post"]),
    ("bijgonit", &["g7-math"]),
    ("kosh", &["g9-bio"]),
    ("projector", &["projector-q"]),
    ("laptop", &["laptop-q"]),
    ("multimedia", &["multimedia-post"]),
    ("internet", &["g9-ict", "idea-internet"]),
    ("content", &["digital-content"]),
    ("anonde gonit shikhi", &["ags-course"]),
];

struct Analysed {
    terms: BTreeSet<String>,
    sounds: BTreeSet<String>,
}

fn analyse(text: &str) -> Analysed {
    let words = bangla::analyse(text);
    Analysed {
        terms: words.iter().flat_map(|w| w.forms.clone()).collect(),
        sounds: words.iter().flat_map(|w| w.sounds.clone()).collect(),
    }
}

/// Every query word must meet the document; an exact word counts 1, a
/// sound alone 0.4 (a Latin-letter word tries its sound too).
fn score(query: &[bangla::Word], doc: &Analysed) -> Option<f64> {
    let mut total = 0.0;
    for w in query {
        let exact = w.query.iter().any(|q| doc.terms.contains(q));
        let latin = w.query[0].chars().all(|c| c.is_ascii_alphabetic());
        let sound = latin && w.sounds.iter().any(|s| doc.sounds.contains(s));
        total += match (exact, sound) {
            (true, _) => 1.0,
            (false, true) => 0.4,
            _ => return None,
        };
    }
    Some(total)
}

#[test]
fn precision_and_recall_on_real_queries() {
    let docs: Vec<(&str, Analysed)> = DOCUMENTS.iter().map(|(id, text)| (*id, analyse(text))).collect();
    let known: BTreeSet<&str> = DOCUMENTS.iter().map(|(id, _)| *id).collect();
    let (mut pairs, mut found, mut retrieved, mut relevant_retrieved) = (0usize, 0usize, 0usize, 0usize);
    let mut misses: Vec<String> = Vec::new();
    let mut noise: HashMap<&str, Vec<&str>> = HashMap::new();
    for (query, expected) in QUERIES {
        let q = bangla::analyse(query);
        let mut hits: Vec<(f64, &str)> = docs.iter().filter_map(|(id, d)| score(&q, d).map(|s| (s, *id))).collect();
        hits.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        hits.truncate(10);
        for e in *expected {
            assert!(known.contains(e), "{e} is not a document");
            pairs += 1;
            if hits.iter().any(|(_, id)| id == e) {
                found += 1;
            } else {
                misses.push(format!("{query} → {e}"));
            }
        }
        retrieved += hits.len();
        for (_, id) in &hits {
            if expected.contains(id) {
                relevant_retrieved += 1;
            } else {
                noise.entry(query).or_default().push(id);
            }
        }
    }
    let recall = found as f64 / pairs as f64;
    let precision = relevant_retrieved as f64 / retrieved.max(1) as f64;
    println!("{} queries, {pairs} query → document pairs", QUERIES.len());
    println!("recall {:.1} %, precision {:.1} %", recall * 100.0, precision * 100.0);
    println!("missed: {misses:?}");
    println!("found though not expected: {noise:?}");
    assert!(pairs >= 150, "the table holds at least 150 pairs");
    assert!(recall >= 0.95, "recall {recall:.3}; missed {misses:?}");
    assert!(precision >= 0.85, "precision {precision:.3}; extra {noise:?}");
}
