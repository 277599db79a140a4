//! @mentions: writing `@Name` in an answer or comment tells that teacher,
//! if she took part in the same thread (asked, answered, commented or
//! wrote the post or idea). A name is matched without its spaces, from its
//! start, at least three letters: `@রুমানা` finds "রুমানা আক্তার".

use std::collections::HashMap;

use sea_orm::ConnectionTrait;

use crate::ids::UserId;

const MAX_TOLD: usize = 5;

/// The `@words` in a text, search keys, three letters or more.
fn handles(text: &str) -> Vec<String> {
    text.split('@')
        .skip(1)
        .filter_map(|rest| {
            let word: String = rest.chars().take_while(|c| c.is_alphanumeric() || is_mark(*c)).collect();
            (word.chars().count() >= 3).then(|| bangla::search_key(&word))
        })
        .collect()
}

/// Bangla vowel signs and marks are not alphanumeric, but belong to a word.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0981}'..='\u{0983}' | '\u{09BC}'..='\u{09D7}' | '\u{200C}' | '\u{200D}')
}

/// Who among `people` (id → name) `text` mentions, not `writer`.
pub fn mentioned(text: &str, people: &HashMap<UserId, String>, writer: UserId) -> Vec<UserId> {
    let wanted = handles(text);
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut told: Vec<UserId> = people
        .iter()
        .filter(|(id, _)| **id != writer)
        .filter(|(_, name)| {
            let joined = bangla::search_key(&name.split_whitespace().collect::<String>());
            wanted.iter().any(|w| joined.starts_with(w.as_str()))
        })
        .map(|(id, _)| *id)
        .collect();
    told.sort();
    told.truncate(MAX_TOLD);
    told
}

/// Tells each mentioned participant, with a link to the place.
pub async fn notify(
    db: &impl ConnectionTrait,
    text: &str,
    participants: &[UserId],
    writer: UserId,
    title: &str,
    link: &str,
) -> Result<(), sea_orm::DbErr> {
    if !text.contains('@') {
        return Ok(());
    }
    let names = crate::accounts::store::names_of(db, participants).await?;
    for who in mentioned(text, &names, writer) {
        crate::notifications::store::notify(db, who, "notify-mention", title, link).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_match_participants_by_the_start_of_their_name() {
        let people: HashMap<UserId, String> = [
            (UserId(1), "রুমানা আক্তার".to_owned()),
            (UserId(2), "Saiful Islam".to_owned()),
            (UserId(3), "রুহুল আমিন".to_owned()),
        ]
        .into();
        assert_eq!(mentioned("ধন্যবাদ @রুমানা, কাজ হয়েছে", &people, UserId(9)), [UserId(1)]);
        assert_eq!(mentioned("@saifulislam try this", &people, UserId(9)), [UserId(2)]);
        assert!(mentioned("@রু is too short, a@b.com is an address", &people, UserId(9)).is_empty());
        assert!(mentioned("@রুমানা", &people, UserId(1)).is_empty(), "not oneself");
    }
}
