//! Where a case stands: the stages both the resident and the office see.

use crate::wire::wire_enum;

wire_enum! {
    /// Where a case stands, as the resident and the office both see it. The
    /// transitions between these are in `lifecycle`, and nowhere else.
    pub enum CaseStatus {
        /// The office has the text and a case number; declared photos are
        /// still arriving.
        ReceivingAttachments = "receiving_attachments",
        /// The office has the petition and everything declared with it.
        Received = "received",
        /// Registered by the petition office; the query code is issued (Art. 22).
        Registered = "registered",
        /// Assigned or transferred to one or more departments (Art. 22).
        Assigned = "assigned",
        /// Accepted by the department and being handled (Art. 23, 34).
        Handling = "handling",
        /// Not accepted, with the reason and the proper channel (Art. 31).
        NotAccepted = "not_accepted",
        /// The written opinion is given (Art. 32, 34).
        Replied = "replied",
        /// The resident asked for a review of the reply (Art. 35).
        ReviewRequested = "review_requested",
        /// The review is answered (Art. 35).
        ReviewAnswered = "review_answered",
        /// The resident asked for a re-check of the review (Art. 36).
        RecheckRequested = "recheck_requested",
        /// The re-check is answered: the same matter is not taken again (Art. 36).
        Final = "final",
        /// The office closed the case after its answer.
        Closed = "closed",
        /// The resident withdrew the case before a reply.
        Withdrawn = "withdrawn",
    }
}

impl CaseStatus {
    /// Whether the office still owes the resident something.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            Self::NotAccepted
                | Self::Replied
                | Self::ReviewAnswered
                | Self::Final
                | Self::Closed
                | Self::Withdrawn
        )
    }

    /// Open311's two-value status: everything before the written answer is
    /// open.
    pub fn open311(self) -> &'static str {
        if self.is_open() {
            "open"
        } else {
            "closed"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_stages_before_an_answer_are_open() {
        let open: Vec<_> = CaseStatus::ALL
            .into_iter()
            .filter(|s| s.is_open())
            .collect();
        assert_eq!(
            open,
            [
                CaseStatus::ReceivingAttachments,
                CaseStatus::Received,
                CaseStatus::Registered,
                CaseStatus::Assigned,
                CaseStatus::Handling,
                CaseStatus::ReviewRequested,
                CaseStatus::RecheckRequested,
            ]
        );
        assert_eq!(CaseStatus::Replied.open311(), "closed");
    }
}
