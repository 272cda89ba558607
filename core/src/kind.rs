//! The kinds of petition, and what each asks of the petitioner.

use crate::wire::wire_enum;

wire_enum! {
    /// The three kinds of petition in the Regulations on Letters and Visits
    /// (Art. 29–31). They differ in what the petitioner must give and in how the
    /// office handles them, so the kind is chosen first.
    pub enum PetitionKind {
        /// 建议意见类 (Art. 29): proposals to improve government work; may be anonymous.
        Suggestion = "suggestion",
        /// 检举控告类 (Art. 30): reports of wrongdoing; the reporter is protected.
        Report = "report",
        /// 申诉求决类 (Art. 31–32): a request to resolve the petitioner's own problem.
        Complaint = "complaint",
    }
}

impl PetitionKind {
    /// Art. 19: a complaint about one's own matter needs a real name, a
    /// phone number and an address. The others may be anonymous.
    pub fn requires_identity(self) -> bool {
        self == PetitionKind::Complaint
    }

    /// A report or a complaint concerns a place; a suggestion may concern
    /// the whole city.
    pub fn requires_district(self) -> bool {
        self != PetitionKind::Suggestion
    }
}
