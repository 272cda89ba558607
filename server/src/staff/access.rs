//! Which cases a staff member may open, and what of them they may see.
//! Clerks and supervisors open every case; a handler only the cases of
//! their department, and may not even learn whether another exists.

use letterbox_core::lifecycle::{Progress, Role};
use letterbox_core::PetitionKind;
use uuid::Uuid;

use super::error::{DeskError, OrInternal};
use super::text::Lang;
use super::user::StaffUser;
use crate::db::{self, petitions::PetitionRow};
use crate::lifecycle;
use crate::state::AppState;

/// A case the user may open.
pub struct OpenCase {
    pub petition: PetitionRow,
    pub progress: Progress,
}

/// Loads the case if `user` may open it: 404 when there is none, 403 when
/// it is another department's.
pub async fn open_case(
    state: &AppState,
    user: &StaffUser,
    lang: Lang,
    id: Uuid,
) -> Result<OpenCase, DeskError> {
    let db = &state.db.read;
    let petition = db::petitions::by_id(db, id)
        .await
        .or_internal(lang)?
        .ok_or_else(|| DeskError::not_found(lang, user))?;
    let (progress, _) = lifecycle::progress(db, id)
        .await
        .or_internal(lang)?
        .ok_or_else(|| DeskError::not_found(lang, user))?;
    let own_department = user
        .department
        .as_ref()
        .is_some_and(|d| progress.departments.contains(d));
    if user.role == Role::Handler && !own_department {
        return Err(DeskError::forbidden(lang, user));
    }
    Ok(OpenCase { petition, progress })
}

/// Who may see the petitioner: a reporter's identity only supervisors
/// (Art. 30); other kinds every staff member who can open the case.
pub fn may_see_identity(kind: &str, role: Role) -> bool {
    kind != PetitionKind::Report.as_str() || role == Role::Supervisor
}
