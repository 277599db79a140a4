//! Cells of the CSV files officers open in a spreadsheet (course reports,
//! rosters, practice dashboards).

/// A value the portal wrote itself (a phone number, a status): quoted.
pub fn ours(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// A value people typed (a name, a title): quoted, and one starting like a
/// formula (=, +, -, @) defused with an apostrophe so a spreadsheet shows
/// it instead of running it.
pub fn typed(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@']) { ours(&format!("'{text}")) } else { ours(text) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_formulas_are_defused_and_quotes_doubled() {
        assert_eq!(typed("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(typed("সালমা বেগম"), "\"সালমা বেগম\"");
        assert_eq!(ours("+8801711110012"), "\"+8801711110012\"");
    }
}
