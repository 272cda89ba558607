use serde::{Deserialize, Serialize};

/// Where a case stands, as the resident and the office both see it.
///
/// The skeleton knows the first stage only; the lifecycle (registration,
/// assignment, acceptance, handling, reply, review) grows this enum and the
/// transitions between its values, here and nowhere else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// The office has the text and a case number; declared photos are
    /// still arriving.
    ReceivingAttachments,
    /// The office has the petition and everything declared with it.
    Received,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 2] = [Self::ReceivingAttachments, Self::Received];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ReceivingAttachments => "receiving_attachments",
            Self::Received => "received",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
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
        assert_eq!(CaseStatus::parse("closed"), None);
    }
}
