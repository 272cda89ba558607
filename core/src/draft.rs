//! A draft as the phone keeps it while the resident writes: saved on every
//! change, never lost, and turned into the petition that is sent.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::api::{Identity, Location, NewPetition, PhotoManifestEntry};
use crate::limits::PHOTOS_MAX;
use crate::validation::{Field, FieldError, FieldErrorCode};
use crate::PetitionKind;

/// A photo attached to a draft: what the sync engine needs to declare and
/// upload it, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoRef {
    pub id: Uuid,
    /// SHA-256 of the stored bytes, lower-case hex.
    pub sha256: String,
    pub bytes: u64,
    pub mime: String,
    pub width: u32,
    pub height: u32,
}

impl PhotoRef {
    /// How the petition (or a supplement) declares this photo.
    pub fn manifest_entry(&self) -> PhotoManifestEntry {
        PhotoManifestEntry {
            id: self.id,
            sha256: self.sha256.clone(),
            bytes: self.bytes,
            mime: self.mime.clone(),
        }
    }
}

/// What a resident is writing, kept on the phone until it is sent. Its id
/// becomes the petition id, so every copy of a send is the same petition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: Uuid,
    pub kind: Option<PetitionKind>,
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub location: Location,
    /// A group matter, and how many people it affects.
    #[serde(default)]
    pub group: bool,
    #[serde(default)]
    pub people_affected: Option<u32>,
    /// Filled from the profile kept on the phone; sent only when the kind
    /// requires it or the resident chose to give it.
    #[serde(default)]
    pub identity: Identity,
    #[serde(default)]
    pub share_identity: bool,
    /// Photos in the order the resident arranged them; the bytes are in the
    /// phone's photo store under each id.
    #[serde(default)]
    pub photos: Vec<PhotoRef>,
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
            category: None,
            location: Location::default(),
            group: false,
            people_affected: None,
            identity: Identity::default(),
            share_identity: false,
            photos: Vec::new(),
            created_at_ms: now_ms,
            updated_at_ms: now_ms,
        }
    }

    /// Nothing written and nothing chosen: not worth keeping.
    pub fn is_blank(&self) -> bool {
        self.kind.is_none()
            && self.title.trim().is_empty()
            && self.body.trim().is_empty()
            && self.category.is_none()
            && self.location == Location::default()
            && self.photos.is_empty()
    }

    /// A draft again from a petition the office refused, under a new id
    /// (the refused id stays the office's), keeping every field and photo.
    pub fn from_refused(p: &NewPetition, photos: Vec<PhotoRef>, new_id: Uuid, now_ms: f64) -> Self {
        let mut d = Draft::new(new_id, now_ms);
        d.kind = Some(p.kind);
        d.title = p.title.clone();
        d.body = p.body.clone();
        d.category = (!p.category.is_empty()).then(|| p.category.clone());
        d.location = p.location.clone();
        d.group = p.people_affected.is_some();
        d.people_affected = p.people_affected;
        d.share_identity = p.identity.is_some();
        d.identity = p.identity.clone().unwrap_or_default();
        d.photos = photos;
        d
    }

    /// Room for more photos.
    pub fn can_add_photo(&self) -> bool {
        self.photos.len() < PHOTOS_MAX
    }

    pub fn photo_bytes(&self) -> u64 {
        self.photos.iter().map(|p| p.bytes).sum()
    }

    /// Moves a photo one place earlier (`up`) or later; false at an end.
    pub fn move_photo(&mut self, id: Uuid, up: bool) -> bool {
        let Some(at) = self.photos.iter().position(|p| p.id == id) else {
            return false;
        };
        let to = if up { at.checked_sub(1) } else { Some(at + 1) };
        match to {
            Some(to) if to < self.photos.len() => {
                self.photos.swap(at, to);
                true
            }
            _ => false,
        }
    }

    /// Whether the petitioner's identity goes with this petition.
    pub fn sends_identity(&self) -> bool {
        self.kind.is_some_and(PetitionKind::requires_identity) || self.share_identity
    }

    /// The petition this draft would send, whether or not it is valid yet.
    fn candidate(&self) -> NewPetition {
        NewPetition {
            id: self.id,
            kind: self.kind.unwrap_or(PetitionKind::Suggestion),
            title: self.title.clone(),
            body: self.body.clone(),
            category: self.category.clone().unwrap_or_default(),
            location: self.location.clone(),
            people_affected: if self.group {
                Some(self.people_affected.unwrap_or(0))
            } else {
                None
            },
            identity: self.sends_identity().then(|| self.identity.clone()),
            photos: self.photos.iter().map(PhotoRef::manifest_entry).collect(),
        }
        .normalized()
    }

    /// The draft added to an existing case instead of sent on its own: its
    /// words and its photos become a supplement.
    pub fn as_supplement(&self) -> crate::api::FollowUp {
        let text = [self.title.trim(), self.body.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        crate::api::FollowUp::Supplement {
            text,
            photos: self.photos.iter().map(PhotoRef::manifest_entry).collect(),
        }
    }

    /// Errors to show next to each field, in form order: the same checks
    /// the server makes.
    pub fn field_errors(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.kind.is_none() {
            errors.push(FieldError::new(Field::Kind, FieldErrorCode::Required, None));
        }
        if let Err(more) = self.candidate().validate() {
            errors.extend(more);
        }
        errors
    }

    /// The petition to send, or every reason it cannot be sent yet.
    pub fn to_petition(&self) -> Result<NewPetition, Vec<FieldError>> {
        let errors = self.field_errors();
        if errors.is_empty() {
            Ok(self.candidate())
        } else {
            Err(errors)
        }
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
                (Field::Category, FieldErrorCode::Required),
            ]
        );
        assert!(d.to_petition().is_err());
    }

    #[test]
    fn a_complete_draft_becomes_a_trimmed_petition_with_its_own_id() {
        let mut d = Draft::new(id(), 1.0);
        d.kind = Some(PetitionKind::Suggestion);
        d.category = Some("transport".into());
        d.title = " 增设公交站台 ".into();
        d.body = "建议在小区门口增设公交站台，方便老人出行。\n".into();
        assert!(!d.is_blank());
        let p = d.to_petition().unwrap();
        assert_eq!(p.id, id());
        assert_eq!(p.kind, PetitionKind::Suggestion);
        assert_eq!(p.title, "增设公交站台");
        assert!(!p.body.ends_with('\n'));
        assert_eq!(p.identity, None, "a suggestion is anonymous unless chosen");
        assert_eq!(p.people_affected, None);
    }

    #[test]
    fn a_complaint_sends_the_identity_and_a_group_its_count() {
        let mut d = Draft::new(id(), 1.0);
        d.kind = Some(PetitionKind::Complaint);
        d.category = Some("utilities".into());
        d.title = "小区燃气无法开通".into();
        d.body = "开发商与燃气公司合同纠纷，无法通气。".into();
        d.location.district = Some("500103".into());
        d.group = true;
        let fields: Vec<_> = d.field_errors().iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![
                Field::PeopleAffected,
                Field::Name,
                Field::Phone,
                Field::HomeAddress
            ]
        );
        d.people_affected = Some(86);
        d.identity = Identity {
            name: "张三".into(),
            phone: "13800138000".into(),
            address: "民族路 1 号".into(),
        };
        let p = d.to_petition().unwrap();
        assert_eq!(p.people_affected, Some(86));
        assert_eq!(p.identity.unwrap().name, "张三");
        // Choosing another kind does not lose what was typed.
        d.kind = Some(PetitionKind::Suggestion);
        assert_eq!(d.to_petition().unwrap().identity, None);
        assert_eq!(d.identity.name, "张三");
    }

    #[test]
    fn a_refused_petition_becomes_an_editable_draft_again() {
        let mut d = Draft::new(id(), 1.0);
        d.kind = Some(PetitionKind::Report);
        d.category = Some("public_safety".into());
        d.title = "路灯损坏".into();
        d.body = "路灯损坏多日，夜间很暗，存在安全隐患。".into();
        d.location.district = Some("500105".into());
        d.share_identity = true;
        d.identity = Identity {
            name: "李四".into(),
            phone: "13900000000".into(),
            address: String::new(),
        };
        let p = d.to_petition().unwrap();
        let new_id = Uuid::parse_str("019378a2-5b1c-7d3e-8f40-00000000000a").unwrap();
        let again = Draft::from_refused(&p, d.photos.clone(), new_id, 2.0);
        assert_eq!(again.id, new_id);
        let mut expected = p.clone();
        expected.id = again.id;
        assert_eq!(again.to_petition().unwrap(), expected);
    }

    #[test]
    fn photos_reorder_and_count() {
        let mut d = Draft::new(id(), 1.0);
        let photo = |n: u128, bytes| PhotoRef {
            id: Uuid::from_u128(n),
            sha256: "00".repeat(32),
            bytes,
            mime: "image/webp".into(),
            width: 2048,
            height: 1536,
        };
        d.photos = vec![photo(1, 100), photo(2, 200), photo(3, 300)];
        assert!(!d.is_blank());
        assert_eq!(d.photo_bytes(), 600);
        assert!(d.move_photo(Uuid::from_u128(3), true));
        assert!(!d.move_photo(Uuid::from_u128(1), true), "already first");
        let order: Vec<u128> = d.photos.iter().map(|p| p.id.as_u128()).collect();
        assert_eq!(order, vec![1, 3, 2]);
        assert!(!d.move_photo(Uuid::from_u128(2), false), "already last");
        assert!(d.can_add_photo());
        d.photos = (0..PHOTOS_MAX as u128).map(|n| photo(n, 1)).collect();
        assert!(!d.can_add_photo());
    }

    #[test]
    fn a_draft_with_only_a_kind_is_not_blank() {
        let mut d = Draft::new(id(), 1.0);
        d.kind = Some(PetitionKind::Report);
        assert!(!d.is_blank());
    }
}
