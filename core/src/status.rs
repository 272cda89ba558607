use serde::{Deserialize, Serialize};

/// Where a case stands, as the resident and the office both see it. The
/// transitions between these are in `lifecycle`, and nowhere else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// The office has the text and a case number; declared photos are
    /// still arriving.
    ReceivingAttachments,
    /// The office has the petition and everything declared with it.
    Received,
    /// Registered by the petition office; the query code is issued (Art. 22).
    Registered,
    /// Assigned or transferred to one or more departments (Art. 22).
    Assigned,
    /// Accepted by the department and being handled (Art. 23, 34).
    Handling,
    /// Not accepted, with the reason and the proper channel (Art. 31).
    NotAccepted,
    /// The written opinion is given (Art. 32, 34).
    Replied,
    /// The resident asked for a review of the reply (Art. 35).
    ReviewRequested,
    /// The review is answered (Art. 35).
    ReviewAnswered,
    /// The resident asked for a re-check of the review (Art. 36).
    RecheckRequested,
    /// The re-check is answered: the same matter is not taken again (Art. 36).
    Final,
    /// The office closed the case after its answer.
    Closed,
    /// The resident withdrew the case before a reply.
    Withdrawn,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 13] = [
        Self::ReceivingAttachments,
        Self::Received,
        Self::Registered,
        Self::Assigned,
        Self::Handling,
        Self::NotAccepted,
        Self::Replied,
        Self::ReviewRequested,
        Self::ReviewAnswered,
        Self::RecheckRequested,
        Self::Final,
        Self::Closed,
        Self::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ReceivingAttachments => "receiving_attachments",
            Self::Received => "received",
            Self::Registered => "registered",
            Self::Assigned => "assigned",
            Self::Handling => "handling",
            Self::NotAccepted => "not_accepted",
            Self::Replied => "replied",
            Self::ReviewRequested => "review_requested",
            Self::ReviewAnswered => "review_answered",
            Self::RecheckRequested => "recheck_requested",
            Self::Final => "final",
            Self::Closed => "closed",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

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
    fn status_wire_names_round_trip() {
        for status in CaseStatus::ALL {
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
            assert_eq!(CaseStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(CaseStatus::parse("done"), None);
    }

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
