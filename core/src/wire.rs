//! Wire enums: a closed vocabulary whose snake_case names travel in JSON,
//! forms, database columns and translation keys. `wire_enum!` writes each
//! name once and derives from it the serde name, `as_str`, `parse` and
//! `ALL`, so the four can never disagree. A leaf module: it knows no
//! domain type.

/// What every wire enum offers, for code (and tests) generic over them.
pub trait WireName: Sized + Copy + PartialEq + std::fmt::Debug + 'static {
    /// Every value, in declaration order.
    fn all() -> &'static [Self];
    /// The wire name.
    fn wire(self) -> &'static str;
    /// The value with this wire name; `None` for anything else (names are
    /// case-sensitive).
    fn from_wire(s: &str) -> Option<Self>;
}

/// Declares a wire enum: `Variant = "wire_name"`, each name written once.
/// The name is a `tt`, not a `literal`: a `literal` fragment reaches derive
/// macros wrapped in an invisible group, which utoipa's `ToSchema` does not
/// read (it described `"Report"` where serde reads `"report"`).
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:tt ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $wire)] $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; <[&str]>::len(&[$($wire),+])] = [$(Self::$variant),+];

            /// The wire name, as in JSON, forms and the database.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire),+
                }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($wire => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        impl $crate::wire::WireName for $name {
            fn all() -> &'static [Self] {
                &Self::ALL
            }
            fn wire(self) -> &'static str {
                self.as_str()
            }
            fn from_wire(s: &str) -> Option<Self> {
                Self::parse(s)
            }
        }
    };
}

pub(crate) use wire_enum;

#[cfg(test)]
mod tests {
    use super::WireName;
    use crate::campaign::{self, AnswerInvalid, CampaignAction, CampaignState};
    use crate::lifecycle::{ActionKind, Channel, Invalid, Outcome, Role, Satisfaction};
    use crate::regulations::{Party, RuleId};
    use crate::{CaseStatus, PetitionKind};

    /// serde, `as_str` and `parse` agree on every value, names are unique,
    /// and nothing else parses.
    fn round_trips<T>()
    where
        T: WireName + serde::Serialize + serde::de::DeserializeOwned,
    {
        let all = T::all();
        assert!(!all.is_empty());
        for (i, &value) in all.iter().enumerate() {
            let name = value.wire();
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(json, format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value);
            assert_eq!(T::from_wire(name), Some(value));
            assert_eq!(
                T::from_wire(&name.to_uppercase()),
                None,
                "{name}: case matters"
            );
            assert!(
                all[..i].iter().all(|v| v.wire() != name),
                "{name} is used twice"
            );
        }
        assert_eq!(T::from_wire(""), None);
        assert_eq!(T::from_wire("nonexistent"), None);
        assert!(serde_json::from_str::<T>("\"nonexistent\"").is_err());
    }

    #[test]
    fn every_wire_enum_round_trips_through_serde_and_parse() {
        round_trips::<Role>();
        round_trips::<Channel>();
        round_trips::<Outcome>();
        round_trips::<Satisfaction>();
        round_trips::<ActionKind>();
        round_trips::<Invalid>();
        round_trips::<CaseStatus>();
        round_trips::<PetitionKind>();
        round_trips::<RuleId>();
        round_trips::<Party>();
        round_trips::<CampaignState>();
        round_trips::<CampaignAction>();
        round_trips::<campaign::Invalid>();
        round_trips::<campaign::Part>();
        round_trips::<AnswerInvalid>();
    }

    #[test]
    fn wire_names_are_snake_case() {
        let names = Role::ALL
            .iter()
            .map(|v| v.as_str())
            .chain(ActionKind::ALL.iter().map(|v| v.as_str()))
            .chain(CaseStatus::ALL.iter().map(|v| v.as_str()))
            .chain(RuleId::ALL.iter().map(|v| v.as_str()));
        for name in names {
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name}"
            );
        }
    }
}
