//! Who acts on a case. A leaf of the state machine.

use crate::wire::wire_enum;

wire_enum! {
    /// Who acts on a case.
    pub enum Role {
        Resident = "resident",
        /// Petition-office clerk: registers, assigns, transfers, closes.
        Clerk = "clerk",
        /// Department handler: accepts and replies for the department's cases.
        Handler = "handler",
        /// Everything, plus extensions and the answers to reviews and re-checks.
        Supervisor = "supervisor",
        /// The server itself (all declared photos arrived).
        System = "system",
    }
}

impl Role {
    pub const STAFF: [Role; 3] = [Self::Clerk, Self::Handler, Self::Supervisor];
}

/// The one acting, with the department a handler works for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub role: Role,
    pub department: Option<String>,
}

impl Actor {
    pub fn resident() -> Self {
        Self {
            role: Role::Resident,
            department: None,
        }
    }
}
