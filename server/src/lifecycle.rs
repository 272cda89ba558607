//! Every change to a case goes through `record`: core's rules decide, then
//! the event, the folded progress, the departments and the audit entry are
//! written in the caller's transaction, so they never disagree.

use letterbox_core::calendar::{Calendar, Date};
use letterbox_core::deadlines::office_due;
use letterbox_core::lifecycle::{Actor, CaseAction, CaseEvent, Progress, Refusal, Role};
use letterbox_core::CaseStatus;
use sqlx::SqliteConnection;
use uuid::Uuid;

use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::AppState;

/// The case's current state as the rules see it.
pub async fn progress(
    conn: &mut SqliteConnection,
    petition: Uuid,
) -> Result<Option<(Progress, String)>, ApiError> {
    let row: Option<(String, String, String, String)> = sqlx::query_as(
        "SELECT status, received_at, progress_json, device_id FROM petitions WHERE id = ?",
    )
    .bind(petition.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some((status, received_at, json, device)) = row else {
        return Ok(None);
    };
    let status = CaseStatus::parse(&status)
        .ok_or_else(|| ApiError::Database(sqlx::Error::Protocol("bad status".into())))?;
    let mut p = if json.is_empty() {
        Progress::new(&received_at, status)
    } else {
        serde_json::from_str(&json)
            .map_err(|e| ApiError::Database(sqlx::Error::Protocol(format!("bad progress: {e}"))))?
    };
    p.status = status;
    Ok(Some((p, device)))
}

/// Who is acting, for the audit log (staff id) and the rules (role and
/// department).
pub struct Acting {
    pub actor: Actor,
    pub staff_id: Option<i64>,
}

impl Acting {
    pub fn system() -> Self {
        Self {
            actor: Actor {
                role: Role::System,
                department: None,
            },
            staff_id: None,
        }
    }

    pub fn resident() -> Self {
        Self {
            actor: Actor::resident(),
            staff_id: None,
        }
    }
}

/// Today in China, by the server's clock: the day the rules count from.
pub fn today(state: &AppState) -> Date {
    Date::in_china_at_unix_ms(state.clock.now().unix_timestamp() as f64 * 1000.0)
}

/// Checks `action` against the case as of `day` (usually `today`; for a
/// request the resident made offline, see `FollowUp::counts_on`) and, if
/// allowed, records it. Returns the event as the sync feed will carry it.
pub async fn record(
    conn: &mut SqliteConnection,
    state: &AppState,
    petition: Uuid,
    action: CaseAction,
    who: &Acting,
    note: &str,
    day: Date,
) -> Result<CaseEvent, ApiError> {
    let (mut progress, device) = progress(conn, petition).await?.ok_or(ApiError::NotFound)?;
    let calendar = Calendar::china();
    let to = progress
        .check(&action, &who.actor, note, day, calendar)
        .map_err(ApiError::Refused)?;
    if let CaseAction::Assign { departments } | CaseAction::Transfer { departments } = &action {
        if departments
            .iter()
            .any(|d| state.catalogue.categories.department(d).is_none())
        {
            return Err(ApiError::Refused(Refusal::Invalid(
                letterbox_core::lifecycle::Invalid::UnknownDepartment,
            )));
        }
    }
    insert_event(
        conn,
        state,
        petition,
        &device,
        &mut progress,
        action,
        to,
        who,
        note,
    )
    .await
}

/// Writes an event that is already known to be allowed (the first
/// `Receive`, or one `record` checked).
#[allow(clippy::too_many_arguments)]
pub async fn insert_event(
    conn: &mut SqliteConnection,
    state: &AppState,
    petition: Uuid,
    device: &str,
    progress: &mut Progress,
    action: CaseAction,
    to: CaseStatus,
    who: &Acting,
    note: &str,
) -> Result<CaseEvent, ApiError> {
    let at = rfc3339(state.clock.now());
    let departments = match &action {
        CaseAction::Assign { departments } | CaseAction::Transfer { departments } => {
            departments.clone()
        }
        _ => progress.departments.clone(),
    };
    let mut event = CaseEvent {
        seq: 0,
        action,
        status: to,
        at: at.clone(),
        actor: who.actor.role,
        departments,
        note: note.trim().to_owned(),
    };
    let json = serde_json::to_string(&event).unwrap_or_default();
    event.seq = sqlx::query_scalar(
        "INSERT INTO case_changes (petition_id, device_id, status, at, event_json) \
         VALUES (?, ?, ?, ?, ?) RETURNING seq",
    )
    .bind(petition.to_string())
    .bind(device)
    .bind(to.as_str())
    .bind(&at)
    .bind(&json)
    .fetch_one(&mut *conn)
    .await?;
    progress.apply(&event);
    let due = office_due(progress, Calendar::china()).map(|d| d.to_string());
    sqlx::query("UPDATE petitions SET status = ?, progress_json = ?, due_on = ? WHERE id = ?")
        .bind(to.as_str())
        .bind(serde_json::to_string(&progress).unwrap_or_default())
        .bind(due)
        .bind(petition.to_string())
        .execute(&mut *conn)
        .await?;
    if let CaseAction::Assign { departments } | CaseAction::Transfer { departments } = &event.action
    {
        sqlx::query("DELETE FROM case_departments WHERE petition_id = ?")
            .bind(petition.to_string())
            .execute(&mut *conn)
            .await?;
        for d in departments {
            sqlx::query("INSERT INTO case_departments (petition_id, department) VALUES (?, ?)")
                .bind(petition.to_string())
                .bind(d)
                .execute(&mut *conn)
                .await?;
        }
    }
    if let Some(staff) = who.staff_id {
        audit(
            conn,
            &at,
            Some(staff),
            event.action.kind().as_str(),
            Some(petition),
            &json,
        )
        .await?;
    }
    Ok(event)
}

pub async fn audit(
    conn: &mut SqliteConnection,
    at: &str,
    staff: Option<i64>,
    action: &str,
    petition: Option<Uuid>,
    detail: &str,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO audit_log (at, staff_id, action, petition_id, detail) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(at)
    .bind(staff)
    .bind(action)
    .bind(petition.map(|p| p.to_string()))
    .bind(detail)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A case's history, oldest first. Changes recorded before the lifecycle
/// existed carry no event and are shown by their status alone.
pub async fn events(db: &sqlx::SqlitePool, petition: Uuid) -> Result<Vec<CaseEvent>, ApiError> {
    let rows: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT seq, status, at, event_json FROM case_changes WHERE petition_id = ? ORDER BY seq",
    )
    .bind(petition.to_string())
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(seq, status, at, json)| {
            let mut event = match json.and_then(|j| serde_json::from_str::<CaseEvent>(&j).ok()) {
                Some(e) => e,
                None => CaseEvent {
                    seq,
                    action: CaseAction::Receive,
                    status: CaseStatus::parse(&status)?,
                    at,
                    actor: Role::System,
                    departments: Vec::new(),
                    note: String::new(),
                },
            };
            event.seq = seq;
            Some(event)
        })
        .collect())
}
