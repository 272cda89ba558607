use serde::{Deserialize, Serialize};

/// The three kinds of petition in the Regulations on Letters and Visits
/// (Art. 29–31). They differ in what the petitioner must give and in how the
/// office handles them, so the kind is chosen first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PetitionKind {
    /// 建议意见类 (Art. 29): proposals to improve government work; may be anonymous.
    Suggestion,
    /// 检举控告类 (Art. 30): reports of wrongdoing; the reporter is protected.
    Report,
    /// 申诉求决类 (Art. 31–32): a request to resolve the petitioner's own problem.
    Complaint,
}

impl PetitionKind {
    pub const ALL: [PetitionKind; 3] = [Self::Suggestion, Self::Report, Self::Complaint];

    /// The wire name, as used in JSON and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Suggestion => "suggestion",
            Self::Report => "report",
            Self::Complaint => "complaint",
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
    fn wire_names_round_trip_through_serde_and_parse() {
        for kind in PetitionKind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
            assert_eq!(serde_json::from_str::<PetitionKind>(&json).unwrap(), kind);
            assert_eq!(PetitionKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(PetitionKind::parse("Complaint"), None);
        assert!(serde_json::from_str::<PetitionKind>("\"petition\"").is_err());
    }
}
