//! A small national teacher competency framework, shipped as data, that
//! every badge is aligned to. Its areas follow what Bangladesh's teacher
//! education (NAEM, DPE, the PTIs) already trains and observes.

pub struct Competency {
    pub code: &'static str,
    pub name: &'static str,
    pub name_en: &'static str,
    pub description: &'static str,
}

pub const FRAMEWORK_NAME: &str = "বাতায়ন শিক্ষক দক্ষতা কাঠামো (Batayon Teacher Competency Framework)";

pub const FRAMEWORK: [Competency; 8] = [
    Competency {
        code: "TC1",
        name: "বিষয়জ্ঞান ও শিক্ষাক্রম",
        name_en: "Subject knowledge and curriculum",
        description: "পাঠ্যবইয়ের বিষয়বস্তু ও শিখনফল বুঝে শ্রেণির উপযোগী করে সাজাতে পারেন।",
    },
    Competency {
        code: "TC2",
        name: "পাঠ পরিকল্পনা",
        name_en: "Lesson planning",
        description: "শিখনফল, কাজ, উপকরণ ও সময় মিলিয়ে পাঠ পরিকল্পনা করেন।",
    },
    Competency {
        code: "TC3",
        name: "সক্রিয় ও শিশুকেন্দ্রিক শিখন",
        name_en: "Active, child-centred teaching",
        description: "হাতে-কলমে কাজ, জোড়ায় ও দলে কাজের মাধ্যমে সব শিশুকে শিখনে যুক্ত করেন।",
    },
    Competency {
        code: "TC4",
        name: "শিখনকালীন মূল্যায়ন",
        name_en: "Assessment for learning",
        description: "প্রশ্ন, পর্যবেক্ষণ ও ফিরতি মতামতে শিশুর অগ্রগতি বুঝে পাঠ বদলান।",
    },
    Competency {
        code: "TC5",
        name: "একীভূত শ্রেণিকক্ষ",
        name_en: "Inclusive classroom",
        description: "পিছিয়ে পড়া, প্রতিবন্ধী ও ভিন্ন ভাষার শিশুসহ সবার জন্য পাঠ খাপ খাওয়ান।",
    },
    Competency {
        code: "TC6",
        name: "শিক্ষায় আইসিটি",
        name_en: "ICT in teaching",
        description: "ডিজিটাল কনটেন্ট তৈরি, খোঁজা ও শ্রেণিতে ব্যবহার করেন।",
    },
    Competency {
        code: "TC7",
        name: "অনুশীলন-পর্যালোচনা ও সহকর্মী শিখন",
        name_en: "Reflective practice and peer learning",
        description: "নতুন কৌশল শ্রেণিতে চেষ্টা করে ভাবেন, লেখেন এবং সহকর্মীদের সঙ্গে শেখেন।",
    },
    Competency {
        code: "TC8",
        name: "বিদ্যালয় নেতৃত্ব ও সহায়তা",
        name_en: "School leadership and support",
        description: "সহকর্মীদের অনুশীলনে উৎসাহ, পর্যবেক্ষণ ও ফলো-আপ দেন।",
    },
];

pub fn by_code(code: &str) -> Option<&'static Competency> {
    FRAMEWORK.iter().find(|c| c.code == code)
}
