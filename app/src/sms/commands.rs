//! What a text from a phone asks, in English or Bangla words: "QUIZ 12" or
//! "কুইজ ১২", "CHECK 17-482913" or "যাচাই …", "STOP" or "বন্ধ", "START"
//! or "চালু", "HELP" or "সাহায্য", "REPEAT" or "আবার"; anything else is an
//! answer to the quiz she is taking (or, without one, a request for help).

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Stop,
    Start,
    Help,
    /// The question she is at, once more.
    Repeat,
    /// A credential's code to check.
    Check(String),
    /// A module's quiz (its number), or her next one.
    Quiz(Option<i64>),
    /// An answer, or words the portal does not know.
    Other(String),
}

impl Command {
    /// STOP or START: answered even past a number's hourly limit.
    pub fn is_stop_or_start(&self) -> bool {
        matches!(self, Command::Stop | Command::Start)
    }
}

pub fn read(text: &str) -> Command {
    let text = text.trim();
    let (first, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let rest = rest.trim();
    match first.to_uppercase().as_str() {
        "STOP" | "STOPALL" | "UNSUBSCRIBE" | "বন্ধ" => Command::Stop,
        "START" | "চালু" => Command::Start,
        "HELP" | "?" | "সাহায্য" => Command::Help,
        "REPEAT" | "আবার" => Command::Repeat,
        "CHECK" | "VERIFY" | "যাচাই" => Command::Check(rest.to_owned()),
        "QUIZ" | "কুইজ" => Command::Quiz(bangla::to_ascii_digits(rest).trim().parse().ok()),
        _ => Command::Other(text.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_read_in_either_language_and_any_case() {
        assert_eq!(read(" stop "), Command::Stop);
        assert_eq!(read("বন্ধ"), Command::Stop);
        assert_eq!(read("Start"), Command::Start);
        assert_eq!(read("চালু"), Command::Start);
        assert_eq!(read("কুইজ ১২"), Command::Quiz(Some(12)));
        assert_eq!(read("QUIZ"), Command::Quiz(None));
        assert_eq!(read("check 17-482913"), Command::Check("17-482913".into()));
        assert_eq!(read("যাচাই ১৭ ৪৮২৯১৩"), Command::Check("১৭ ৪৮২৯১৩".into()));
        assert_eq!(read("২"), Command::Other("২".into()));
    }
}
