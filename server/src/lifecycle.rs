//! Every change to a case goes through `record`: core's rules decide, then
//! the event, the folded progress, the departments and the audit entry are
//! written in the caller's transaction, so they never disagree. This is
//! the only code that changes a case's stage.

use letterbox_core::calendar::{Calendar, Date};
use letterbox_core::deadlines::office_due;
use letterbox_core::lifecycle::{Actor, CaseAction, CaseEvent, Invalid, Progress, Refusal, Role};
use letterbox_core::CaseStatus;
use sqlx::{AnyConnection, AnyExecutor};
use uuid::Uuid;

use crate::clock::rfc3339;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

/// The case's current state as the rules see it, and the device that sent
/// it.
pub async fn progress(
    db: impl AnyExecutor<'_>,
    petition: Uuid,
) -> Result<Option<(Progress, String)>, ApiError> {
    let Some(stored) = db::petitions::progress(db, petition).await? else {
        return Ok(None);
    };
    let status = CaseStatus::parse(&stored.status).ok_or(ApiError::Corrupt("petitions.status"))?;
    let mut p = if stored.progress_json.is_empty() {
        Progress::new(&stored.received_at, status)
    } else {
        serde_json::from_str(&stored.progress_json)
            .map_err(|_| ApiError::Corrupt("petitions.progress_json"))?
    };
    p.status = status;
    Ok(Some((p, stored.device_id)))
}

/// Who writes an event: the actor the rules check (role and department)
/// and, for staff, the account the audit log names.
pub struct Author {
    pub actor: Actor,
    pub staff_id: Option<i64>,
}

impl Author {
    /// The server itself (receiving, photos complete).
    pub fn system() -> Self {
        Self {
            actor: Actor {
                role: Role::System,
                department: None,
            },
            staff_id: None,
        }
    }

    /// The resident who sent the petition, through their device.
    pub fn resident() -> Self {
        Self {
            actor: Actor::resident(),
            staff_id: None,
        }
    }

    /// A signed-in staff member.
    pub fn staff(actor: Actor, staff_id: i64) -> Self {
        Self {
            actor,
            staff_id: Some(staff_id),
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
    conn: &mut AnyConnection,
    state: &AppState,
    petition: Uuid,
    action: CaseAction,
    author: &Author,
    note: &str,
    day: Date,
) -> Result<CaseEvent, ApiError> {
    let (mut progress, device) = progress(&mut *conn, petition)
        .await?
        .ok_or(ApiError::NotFound)?;
    let to = progress
        .check(&action, &author.actor, note, day, Calendar::china())
        .map_err(ApiError::Refused)?;
    // Core knows the rules, not the office's departments: the catalogue
    // says which codes exist.
    if let CaseAction::Assign { departments } | CaseAction::Transfer { departments } = &action {
        if departments
            .iter()
            .any(|d| state.catalogue.categories.department(d).is_none())
        {
            return Err(ApiError::Refused(Refusal::Invalid(
                Invalid::UnknownDepartment,
            )));
        }
    }
    let event = NewEvent {
        petition,
        device: &device,
        action,
        to,
        author,
        note,
    };
    insert_event(conn, state, &mut progress, event).await
}

/// A new case's first event (`Receive`, by the server) and the progress it
/// leaves, worked out before anything is written: the petition's row is
/// inserted with its progress, and then only the event is appended, one
/// statement fewer while SQLite's one writer is held.
pub struct Received {
    pub progress_json: String,
    pub due_on: Option<String>,
    event_json: String,
    status: CaseStatus,
    at: String,
}

impl Received {
    /// The case received `at` (as stored in its row), in `status`.
    pub fn new(at: &str, status: CaseStatus) -> Self {
        let at = at.to_owned();
        let mut progress = Progress::new(&at, status);
        let event = CaseEvent {
            seq: 0,
            action: CaseAction::Receive,
            status,
            at: at.clone(),
            actor: Role::System,
            departments: Vec::new(),
            note: String::new(),
        };
        // `Receive` folds the same whatever its place in the feed.
        progress.apply(&event);
        Self {
            progress_json: serde_json::to_string(&progress)
                .expect("a Progress is plain data with string keys, so it always serialises"),
            due_on: office_due(&progress, Calendar::china()).map(|d| d.to_string()),
            event_json: serde_json::to_string(&event)
                .expect("a CaseEvent is plain data with string keys, so it always serialises"),
            status,
            at,
        }
    }

    /// Appends the event to the feed, after the petition's row.
    pub async fn append(
        &self,
        conn: &mut AnyConnection,
        petition: Uuid,
        device: &str,
    ) -> Result<i64, ApiError> {
        let change = db::changes::NewChange {
            petition,
            device,
            status: self.status.as_str(),
            at: &self.at,
            event_json: &self.event_json,
        };
        Ok(db::changes::append(conn, &change).await?)
    }
}

/// An event that is already known to be allowed.
pub struct NewEvent<'a> {
    pub petition: Uuid,
    /// The device that sent the petition: its sync feed carries the event.
    pub device: &'a str,
    pub action: CaseAction,
    /// The stage the case moves to.
    pub to: CaseStatus,
    pub author: &'a Author,
    /// Words for the resident (trimmed here).
    pub note: &'a str,
}

/// Writes an event that is already known to be allowed (one `record`
/// checked, or the server's own), and folds it into `progress`.
pub async fn insert_event(
    conn: &mut AnyConnection,
    state: &AppState,
    progress: &mut Progress,
    new: NewEvent<'_>,
) -> Result<CaseEvent, ApiError> {
    let at = rfc3339(state.clock.now());
    let departments = match &new.action {
        CaseAction::Assign { departments } | CaseAction::Transfer { departments } => {
            departments.clone()
        }
        _ => progress.departments.clone(),
    };
    let mut event = CaseEvent {
        seq: 0,
        action: new.action,
        status: new.to,
        at: at.clone(),
        actor: new.author.actor.role,
        departments,
        note: new.note.trim().to_owned(),
    };
    let event_json = serde_json::to_string(&event)
        .expect("a CaseEvent is plain data with string keys, so it always serialises");
    event.seq = db::changes::append(
        conn,
        &db::changes::NewChange {
            petition: new.petition,
            device: new.device,
            status: new.to.as_str(),
            at: &at,
            event_json: &event_json,
        },
    )
    .await?;
    progress.apply(&event);
    let progress_json = serde_json::to_string(&progress)
        .expect("a Progress is plain data with string keys, so it always serialises");
    let due = office_due(progress, Calendar::china()).map(|d| d.to_string());
    db::petitions::save_progress(conn, new.petition, new.to.as_str(), &progress_json, due).await?;
    if let CaseAction::Assign { departments } | CaseAction::Transfer { departments } = &event.action
    {
        db::petitions::set_departments(conn, new.petition, departments).await?;
    }
    if let Some(staff) = new.author.staff_id {
        let entry = db::audit::AuditEntry {
            at: &at,
            staff_id: Some(staff),
            action: event.action.kind().as_str(),
            petition: Some(new.petition),
            detail: &event_json,
        };
        db::audit::record(&mut *conn, &entry).await?;
    }
    Ok(event)
}

/// A case's history, oldest first. Changes recorded before the lifecycle
/// existed carry no event and are shown by their status alone.
pub async fn events(db: impl AnyExecutor<'_>, petition: Uuid) -> Result<Vec<CaseEvent>, ApiError> {
    let changes = db::changes::for_petition(db, petition).await?;
    Ok(changes
        .into_iter()
        .filter_map(|change| {
            change.event().or_else(|| {
                Some(CaseEvent {
                    seq: change.seq,
                    action: CaseAction::Receive,
                    status: CaseStatus::parse(&change.status)?,
                    at: change.at,
                    actor: Role::System,
                    departments: Vec::new(),
                    note: String::new(),
                })
            })
        })
        .collect())
}
