//! Asking, answering, accepting, editing and closing questions: the rules
//! (who may, what is checked, who is told) above the store.

use std::collections::HashMap;

use sea_orm::TransactionTrait;

use super::entity::{answer, question};
use super::limits::Writing;
use super::markdown;
use super::model::*;
use super::reputation::{self, Privilege, Reason};
use super::store::questions::{self as store, NewQuestion};
use super::store::revisions::{self, NewRevision};
use crate::ids::{AnswerId, QuestionId, UserId};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

pub async fn ask(state: &AppState, who: &CurrentUser, input: &QuestionInput) -> AppResult<question::Model> {
    let valid = input.validate().map_err(AppError::Validation)?;
    let body_read = markdown::text_to_check(&valid.body);
    crate::blocklist::check(state, &[("title", &valid.title), ("body", &body_read), ("tags", &valid.tags.join(" "))])
        .await?;
    let curriculum = crate::curriculum::memory::current(state).await?;
    let (mut subject_id, mut chapter_id, mut class_number) = (input.subject_id, None, input.class);
    if let Some(ch) = input.chapter_id {
        let place = curriculum.place(ch).ok_or_else(|| AppError::invalid("chapter_id", "field-chapter-needed"))?;
        chapter_id = Some(ch);
        subject_id = Some(place.subject_id);
        class_number = Some(place.class_number);
    } else if let Some(s) = subject_id {
        let class = curriculum
            .levels
            .iter()
            .flat_map(|l| &l.classes)
            .find(|c| c.subjects.iter().any(|x| x.id == s))
            .ok_or_else(|| AppError::invalid("subject_id", "field-subject-invalid"))?;
        class_number = Some(class.number);
    }
    super::limits::check(state, who, Writing::Post).await?;
    let txn = state.db.begin().await?;
    let row = store::insert(
        &txn,
        NewQuestion {
            author: who.id,
            title: &valid.title,
            body: &valid.body,
            subject_id,
            chapter_id,
            class_number,
            tags: &valid.tags,
        },
    )
    .await?;
    let first = NewRevision {
        kind: "question",
        item: row.id.0,
        editor: who.id,
        title: Some(&valid.title),
        body: &valid.body,
        note: "",
    };
    revisions::add(&txn, first).await?;
    crate::jobs::search_later(&txn, "question", row.id.0).await?;
    txn.commit().await?;
    Ok(row)
}

pub async fn answer(
    state: &AppState,
    who: &CurrentUser,
    id: QuestionId,
    input: &AnswerInput,
) -> AppResult<answer::Model> {
    let mut errors = FieldErrors::default();
    let body = check_body(&input.body, &mut errors);
    errors.into_result()?;
    crate::blocklist::check(state, &[("body", &markdown::text_to_check(&body))]).await?;
    let q = store::visible(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if q.duplicate_of.is_some() {
        return Err(AppError::NotAllowed { code: "question_closed", key: "question-closed" });
    }
    super::limits::check(state, who, Writing::Post).await?;
    let txn = state.db.begin().await?;
    let row = store::insert_answer(&txn, id, who.id, &body).await?;
    let first = NewRevision { kind: "answer", item: row.id.0, editor: who.id, title: None, body: &body, note: "" };
    revisions::add(&txn, first).await?;
    let link = format!("/questions/{id}#answer-{}", row.id);
    if q.author_id != who.id {
        crate::notifications::store::notify(&txn, q.author_id, "notify-answer", &q.title, &link).await?;
    }
    let mut people: Vec<UserId> = store::answers_of(&txn, id).await?.into_iter().map(|a| a.author_id).collect();
    people.push(q.author_id);
    super::mentions::notify(&txn, &body, &people, who.id, &q.title, &link).await?;
    txn.commit().await?;
    super::kept::forget(state, id);
    crate::jobs::search_later(&state.db, "question", id.0).await?;
    Ok(row)
}

/// The asker marks the answer that solved her problem. Accepting another
/// moves the mark (and its points); accepting the same one again is a no-op.
/// The mark moves only from where it was seen, in the transaction that
/// moves the points, so racing requests cannot pay twice.
pub async fn accept(state: &AppState, who: &CurrentUser, answer_id: AnswerId) -> AppResult<QuestionId> {
    let a = store::visible_answer(&state.db, answer_id).await?.ok_or(AppError::NotFound)?;
    // Each lost race means another accept moved the mark: look again.
    for _ in 0..ACCEPT_TRIES {
        let q = store::visible(&state.db, a.question_id).await?.ok_or(AppError::NotFound)?;
        if q.author_id != who.id {
            return Err(AppError::NotAllowed { code: "only_asker", key: "accept-only-asker" });
        }
        if q.accepted_answer_id == Some(answer_id) {
            return Ok(q.id);
        }
        let txn = state.db.begin().await?;
        if !store::move_accepted(&txn, q.id, q.accepted_answer_id, answer_id).await? {
            txn.rollback().await?;
            continue;
        }
        // The answer accepted before gives back its award even when it has
        // since been hidden or deleted: one accepted answer's worth at a time.
        if let Some(previous) = q.accepted_answer_id
            && let Some(p) = store::any_answer(&txn, previous).await?
        {
            reputation::withdraw(&txn, p.author_id, &[Reason::AnswerAccepted], "answer", p.id.0, who.id).await?;
            reputation::withdraw(&txn, who.id, &[Reason::AcceptedAnAnswer], "answer", p.id.0, who.id).await?;
        }
        // Accepting one's own answer earns nothing: the points are thanks.
        if a.author_id != who.id {
            reputation::award(&txn, a.author_id, Reason::AnswerAccepted, "answer", a.id.0, Some(who.id)).await?;
            reputation::award(&txn, who.id, Reason::AcceptedAnAnswer, "answer", a.id.0, Some(who.id)).await?;
            let link = format!("/questions/{}#answer-{}", q.id, a.id);
            crate::notifications::store::notify(&txn, a.author_id, "notify-accepted", &q.title, &link).await?;
        }
        txn.commit().await?;
        super::kept::forget(state, q.id);
        crate::jobs::search_later(&state.db, "question", q.id.0).await?;
        return Ok(q.id);
    }
    Err(AppError::Busy { retry_after_secs: 1 })
}

/// How often an accept looks again after losing a race before asking the
/// asker to try again.
const ACCEPT_TRIES: usize = 8;

/// May `who` change this item of `author`'s?
async fn may_edit(state: &AppState, who: &CurrentUser, author: UserId) -> AppResult<()> {
    if author == who.id {
        return Ok(());
    }
    reputation::require(&state.db, who, Privilege::EditOthers).await
}

/// Edits saved in an hour: each keeps a whole revision, so they are counted.
pub const EDITS_PER_HOUR: u32 = 60;

async fn edit_allowance(state: &AppState, who: &CurrentUser) -> AppResult<()> {
    crate::web::ratelimit::hourly_allowance(&state.db, "edit", who.id.0, EDITS_PER_HOUR, "quota-edits-hour").await
}

pub async fn edit_question(
    state: &AppState,
    who: &CurrentUser,
    id: QuestionId,
    input: &QuestionInput,
    note: &str,
) -> AppResult<()> {
    let q = store::visible(&state.db, id).await?.ok_or(AppError::NotFound)?;
    may_edit(state, who, q.author_id).await?;
    let valid = input.validate().map_err(AppError::Validation)?;
    let body_read = markdown::text_to_check(&valid.body);
    crate::blocklist::check(state, &[("title", &valid.title), ("body", &body_read), ("tags", &valid.tags.join(" "))])
        .await?;
    edit_allowance(state, who).await?;
    let note = note.trim().chars().take(200).collect::<String>();
    let txn = state.db.begin().await?;
    store::update_text(&txn, id, &valid.title, &valid.body).await?;
    store::set_tags(&txn, id, &valid.tags).await?;
    let rev = NewRevision {
        kind: "question",
        item: id.0,
        editor: who.id,
        title: Some(&valid.title),
        body: &valid.body,
        note: &note,
    };
    revisions::add(&txn, rev).await?;
    txn.commit().await?;
    super::kept::forget(state, id);
    crate::jobs::search_later(&state.db, "question", id.0).await?;
    Ok(())
}

pub async fn edit_answer(
    state: &AppState,
    who: &CurrentUser,
    id: AnswerId,
    input: &AnswerInput,
    note: &str,
) -> AppResult<QuestionId> {
    let a = store::visible_answer(&state.db, id).await?.ok_or(AppError::NotFound)?;
    may_edit(state, who, a.author_id).await?;
    let mut errors = FieldErrors::default();
    let body = check_body(&input.body, &mut errors);
    errors.into_result()?;
    crate::blocklist::check(state, &[("body", &markdown::text_to_check(&body))]).await?;
    edit_allowance(state, who).await?;
    let note = note.trim().chars().take(200).collect::<String>();
    let txn = state.db.begin().await?;
    store::update_answer(&txn, id, &body).await?;
    revisions::add(
        &txn,
        NewRevision { kind: "answer", item: id.0, editor: who.id, title: None, body: &body, note: &note },
    )
    .await?;
    txn.commit().await?;
    super::kept::forget(state, a.question_id);
    crate::jobs::search_later(&state.db, "question", a.question_id.0).await?;
    Ok(a.question_id)
}

/// Closes a question as a duplicate of another (or reopens it with None).
pub async fn close_as_duplicate(
    state: &AppState,
    who: &CurrentUser,
    id: QuestionId,
    of: Option<QuestionId>,
) -> AppResult<()> {
    let q = store::visible(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if q.author_id != who.id {
        reputation::require(&state.db, who, Privilege::ReviewReports).await?;
    }
    if let Some(other) = of
        && (other == id || store::visible(&state.db, other).await?.is_none())
    {
        return Err(AppError::invalid("duplicate_of", "field-duplicate-invalid"));
    }
    let txn = state.db.begin().await?;
    store::set_duplicate(&txn, id, of).await?;
    let detail = serde_json::json!({ "duplicate_of": of });
    crate::audit::record(&txn, Some(who.id), "question.duplicate", "question", id.0, detail).await?;
    txn.commit().await?;
    super::kept::forget(state, id);
    crate::jobs::search_later(&state.db, "question", id.0).await?;
    Ok(())
}

/// Up to five asked questions most like `title` (shared words first).
pub async fn similar(state: &AppState, title: &str, except: Option<QuestionId>) -> AppResult<Vec<QuestionSummary>> {
    let words: Vec<String> = bangla::words(title).into_iter().filter(|w| w.chars().count() >= 3).collect();
    let rows = store::with_title_words(&state.db, &words, 50).await?;
    let mut ranked: Vec<(usize, question::Model)> = rows
        .into_iter()
        .filter(|q| Some(q.id) != except)
        .map(|q| (words.iter().filter(|w| q.title_key.contains(w.as_str())).count(), q))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.score.cmp(&a.1.score)));
    let keep = words.len().div_ceil(2).max(1);
    let rows: Vec<question::Model> =
        ranked.into_iter().filter(|(n, _)| *n >= keep.min(2)).take(5).map(|(_, q)| q).collect();
    summaries(state, rows).await
}

pub async fn list(state: &AppState, filter: &store::ListFilter) -> AppResult<QuestionPage> {
    let (rows, total) = store::list(&state.db, filter).await?;
    Ok(QuestionPage { items: summaries(state, rows).await?, total, page: filter.page, per_page: filter.per_page })
}

/// Names and points of the teachers on a page, in two queries.
pub(crate) async fn authors(state: &AppState, ids: Vec<UserId>) -> AppResult<HashMap<UserId, Author>> {
    let names = crate::accounts::store::names_of(&state.db, &ids).await?;
    let points = super::store::reputation::totals_of(&state.db, &ids).await?;
    Ok(ids
        .into_iter()
        .map(|id| {
            let a = Author {
                id,
                name: names.get(&id).cloned().unwrap_or_default(),
                reputation: points.get(&id).copied().unwrap_or(0),
            };
            (id, a)
        })
        .collect())
}

pub async fn summaries(state: &AppState, rows: Vec<question::Model>) -> AppResult<Vec<QuestionSummary>> {
    let ids: Vec<QuestionId> = rows.iter().map(|q| q.id).collect();
    let mut tags: HashMap<QuestionId, Vec<String>> = HashMap::new();
    for (q, t) in store::tags_of(&state.db, &ids).await? {
        tags.entry(q).or_default().push(t);
    }
    let people = authors(state, rows.iter().map(|q| q.author_id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|q| QuestionSummary {
            excerpt: markdown::excerpt(&q.body, 160),
            author: people[&q.author_id].clone(),
            tags: tags.remove(&q.id).unwrap_or_default(),
            answered: q.accepted_answer_id.is_some(),
            id: q.id,
            title: q.title,
            score: q.score,
            answer_count: q.answer_count,
            duplicate_of: q.duplicate_of,
            created_at: q.created_at,
        })
        .collect())
}

/// A question with its answers (accepted first, then by score), as
/// `viewer` sees it: the shared view (kept a few seconds, see `kept`) with
/// her own votes marked (one query).
pub async fn view(state: &AppState, id: QuestionId, viewer: Option<&CurrentUser>) -> AppResult<QuestionView> {
    let shared = super::kept::question(state, id).await?;
    let mut view = (*shared).clone();
    if let Some(v) = viewer {
        let answer_ids: Vec<i64> = view.answers.iter().map(|a| a.id.0).collect();
        let mine = super::kept::votes(state, v.id, "question", id.0, &answer_ids).await?;
        view.my_vote = mine.get(&("question", id.0)).copied().unwrap_or(0);
        for a in &mut view.answers {
            a.my_vote = mine.get(&("answer", a.id.0)).copied().unwrap_or(0);
        }
    }
    Ok(view)
}

/// The question as everyone sees it (no one's votes marked).
pub async fn build(state: &AppState, id: QuestionId) -> AppResult<QuestionView> {
    let q = store::visible(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let mut answers = store::answers_of(&state.db, id).await?;
    answers.sort_by_key(|a| (Some(a.id) != q.accepted_answer_id, -a.score));
    let tags = store::tags_of(&state.db, &[id]).await?.into_iter().map(|(_, t)| t).collect();
    let mut people: Vec<UserId> = answers.iter().map(|a| a.author_id).collect();
    people.push(q.author_id);
    let people = authors(state, people).await?;
    let answer_ids: Vec<i64> = answers.iter().map(|a| a.id.0).collect();
    let mut answer_comments = super::comments::on(state, "answer", &answer_ids).await?;
    let question_comments = super::comments::on(state, "question", &[id.0]).await?.remove(&id.0).unwrap_or_default();
    let answers = answers
        .into_iter()
        .map(|a| AnswerView {
            comments: answer_comments.remove(&a.id.0).unwrap_or_default(),
            body_html: markdown::to_html(&a.body),
            author: people[&a.author_id].clone(),
            accepted: Some(a.id) == q.accepted_answer_id,
            my_vote: 0,
            edited: a.updated_at > a.created_at,
            id: a.id,
            question_id: a.question_id,
            body: a.body,
            score: a.score,
            created_at: a.created_at,
        })
        .collect();
    Ok(QuestionView {
        body_html: markdown::to_html(&q.body),
        author: people[&q.author_id].clone(),
        edited: q.updated_at > q.created_at,
        id: q.id,
        title: q.title,
        body: q.body,
        tags,
        class: q.class_number,
        subject_id: q.subject_id,
        chapter_id: q.chapter_id,
        score: q.score,
        my_vote: 0,
        answer_count: q.answer_count,
        accepted_answer_id: q.accepted_answer_id,
        duplicate_of: q.duplicate_of,
        created_at: q.created_at,
        comments: question_comments,
        answers,
    })
}

/// The saved versions of a question or answer, each with what changed.
pub async fn history(state: &AppState, kind: &str, item: i64) -> AppResult<Vec<RevisionView>> {
    let rows = revisions::of(&state.db, kind, item).await?;
    if rows.is_empty() {
        return Err(AppError::NotFound);
    }
    let people = authors(state, rows.iter().map(|r| r.editor_id).collect()).await?;
    let mut out: Vec<RevisionView> = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let diff = match i.checked_sub(1).map(|p| &rows[p]) {
            Some(before) => diff_lines(&full_text(before), &full_text(r)),
            None => Vec::new(),
        };
        out.push(RevisionView {
            number: i + 1,
            editor: people[&r.editor_id].clone(),
            title: r.title.clone(),
            body: r.body.clone(),
            note: r.note.clone(),
            created_at: r.created_at,
            diff,
        });
    }
    Ok(out)
}

fn full_text(r: &super::entity::revision::Model) -> String {
    match &r.title {
        Some(t) => format!("{t}\n\n{}", r.body),
        None => r.body.clone(),
    }
}

fn diff_lines(before: &str, after: &str) -> Vec<DiffLine> {
    similar::TextDiff::from_lines(before, after)
        .iter_all_changes()
        .map(|c| DiffLine {
            sign: match c.tag() {
                similar::ChangeTag::Delete => "-",
                similar::ChangeTag::Insert => "+",
                similar::ChangeTag::Equal => " ",
            }
            .into(),
            text: c.value().trim_end_matches('\n').to_owned(),
        })
        .collect()
}
