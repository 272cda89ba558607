use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::api::NewPetition;
use crate::validation::{check_body, check_title, Field, FieldError, FieldErrorCode};
use crate::PetitionKind;

/// What a resident is writing, kept on the phone until it is sent. Its id
/// becomes the petition id, so every copy of a send is the same petition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: Uuid,
    pub kind: Option<PetitionKind>,
    pub title: String,
    pub body: String,
    /// Milliseconds since the Unix epoch, as the browser's clock gives them.
    pub created_at_ms: f64,
    pub updated_at_ms: f64,
}

impl Draft {
    pub fn new(id: Uuid, now_ms: f64) -> Self {
        Self {
            id,
            kind: None,
            title: String::new(),
            body: String::new(),
            created_at_ms: now_ms,
            updated_at_ms: now_ms,
        }
    }

    /// Nothing written and nothing chosen: not worth keeping.
    pub fn is_blank(&self) -> bool {
        self.kind.is_none() && self.title.trim().is_empty() && self.body.trim().is_empty()
    }

    /// Errors to show next to each field, in form order.
    pub fn field_errors(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.kind.is_none() {
            errors.push(FieldError {
                field: Field::Kind,
                code: FieldErrorCode::Required,
                limit: None,
            });
        }
        errors.extend(check_title(&self.title));
        errors.extend(check_body(&self.body));
        errors
    }

    /// The petition to send, or every reason it cannot be sent yet.
    pub fn to_petition(&self) -> Result<NewPetition, Vec<FieldError>> {
        let errors = self.field_errors();
        let kind = match self.kind {
            Some(kind) if errors.is_empty() => kind,
            _ => return Err(errors),
        };
        let petition = NewPetition {
            id: self.id,
            kind,
            title: self.title.clone(),
            body: self.body.clone(),
        }
        .normalized();
        petition.validate().map(|()| petition)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> Uuid {
        Uuid::parse_str("019378a2-5b1c-7d3e-8f40-123456789abc").unwrap()
    }

    #[test]
    fn a_new_draft_is_blank_and_lists_what_is_missing() {
        let d = Draft::new(id(), 1.0);
        assert!(d.is_blank());
        let fields: Vec<_> = d.field_errors().iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(
            fields,
            vec![
                (Field::Kind, FieldErrorCode::Required),
                (Field::Title, FieldErrorCode::Required),
                (Field::Body, FieldErrorCode::Required),
            ]
        );
        assert!(d.to_petition().is_err());
    }

    #[test]
    fn a_complete_draft_becomes_a_trimmed_petition_with_its_own_id() {
        let mut d = Draft::new(id(), 1.0);
        d.kind = Some(PetitionKind::Suggestion);
        d.title = " 增设公交站台 ".into();
        d.body = "建议在小区门口增设公交站台，方便老人出行。\n".into();
        assert!(!d.is_blank());
        let p = d.to_petition().unwrap();
        assert_eq!(p.id, id());
        assert_eq!(p.kind, PetitionKind::Suggestion);
        assert_eq!(p.title, "增设公交站台");
        assert!(!p.body.ends_with('\n'));
    }

    #[test]
    fn a_draft_with_only_a_kind_is_not_blank() {
        let mut d = Draft::new(id(), 1.0);
        d.kind = Some(PetitionKind::Report);
        assert!(!d.is_blank());
    }
}
