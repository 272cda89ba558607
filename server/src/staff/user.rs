//! The signed-in staff member, as every desk page receives it (the
//! extractor that proves it is in `session`). A leaf.

use letterbox_core::lifecycle::{Actor, Role};

/// A signed-in staff member.
#[derive(Debug, Clone)]
pub struct StaffUser {
    pub id: i64,
    pub display_name: String,
    pub role: Role,
    /// A handler's department; clerks and supervisors act for every one.
    pub department: Option<String>,
    /// The token this session's forms carry (`form::csrf_token`).
    pub csrf: String,
}

impl StaffUser {
    /// Who the rules see.
    pub fn actor(&self) -> Actor {
        Actor {
            role: self.role,
            department: self.department.clone(),
        }
    }

    pub fn is_supervisor(&self) -> bool {
        self.role == Role::Supervisor
    }
}
