//! `ratings`: the resident's rating of an answer, at most one per answer
//! (its place in the case's feed).

use letterbox_core::lifecycle::Rating;
use sqlx::{AnyConnection, AnyExecutor};
use uuid::Uuid;

pub async fn insert(
    conn: &mut AnyConnection,
    petition: Uuid,
    answer_seq: i64,
    rating: &Rating,
    at: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        r#"
        INSERT INTO ratings (petition_id, answer_seq, satisfaction, timeliness, attitude,
                             result, comment, at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"#,
    )
    .bind(petition.to_string())
    .bind(answer_seq)
    .bind(rating.satisfaction.as_str())
    .bind(rating.timeliness.map(i64::from))
    .bind(rating.attitude.map(i64::from))
    .bind(rating.result.map(i64::from))
    .bind(rating.comment.trim())
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, sqlx::FromRow)]
pub struct StoredRating {
    /// The answer's place in the case's feed.
    pub answer_seq: i64,
    pub satisfaction: String,
    pub timeliness: Option<i64>,
    pub attitude: Option<i64>,
    pub result: Option<i64>,
    pub comment: String,
}

/// The case's ratings, in the order of the answers.
pub async fn for_petition(
    db: impl AnyExecutor<'_>,
    petition: Uuid,
) -> sqlx::Result<Vec<StoredRating>> {
    sqlx::query_as(
        r#"
        SELECT answer_seq, satisfaction, timeliness, attitude, result, comment
        FROM ratings
        WHERE petition_id = $1
        ORDER BY answer_seq"#,
    )
    .bind(petition.to_string())
    .fetch_all(db)
    .await
}

/// A rating counted for each department that handles the case.
#[derive(Debug, sqlx::FromRow)]
pub struct DepartmentRating {
    pub department: String,
    pub satisfaction: String,
}

pub async fn by_department(db: impl AnyExecutor<'_>) -> sqlx::Result<Vec<DepartmentRating>> {
    sqlx::query_as(
        r#"
        SELECT d.department, r.satisfaction
        FROM ratings r
        JOIN case_departments d ON d.petition_id = r.petition_id"#,
    )
    .fetch_all(db)
    .await
}
