//! Reference data the office publishes and the phone caches: categories of
//! matters and the administrative areas (district → street → community).
//! Names come in both languages because they are data, not interface text.

use serde::{Deserialize, Serialize};

/// A name or description in both of the app's languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bilingual {
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    pub code: String,
    pub name: Bilingual,
    pub description: Bilingual,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AreaLevel {
    District,
    County,
    Street,
    Community,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Area {
    pub code: String,
    pub name: Bilingual,
    pub level: AreaLevel,
    #[serde(default)]
    // A tree: the schema refers to itself instead of inlining forever.
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<Area>,
}

/// `GET /api/v1/categories`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Categories {
    pub categories: Vec<Category>,
    /// The departments cases are assigned to, so the phone can name them
    /// in a case's timeline offline.
    #[serde(default)]
    pub departments: Vec<Department>,
}

/// A government department that handles cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Department {
    pub code: String,
    pub name: Bilingual,
}

/// `GET /api/v1/areas`: the top level (districts and counties) with their
/// streets and communities nested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Areas {
    pub areas: Vec<Area>,
}

impl Categories {
    pub fn contains(&self, code: &str) -> bool {
        self.categories.iter().any(|c| c.code == code)
    }

    pub fn department(&self, code: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.code == code)
    }
}

impl Areas {
    pub fn district(&self, code: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.code == code)
    }

    /// Whether `street` lies in `district` and `community` in `street`
    /// (each only when given).
    pub fn is_valid_path(
        &self,
        district: &str,
        street: Option<&str>,
        community: Option<&str>,
    ) -> bool {
        let Some(d) = self.district(district) else {
            return false;
        };
        let Some(street) = street else {
            return community.is_none();
        };
        let Some(s) = d.children.iter().find(|s| s.code == street) else {
            return false;
        };
        community.is_none_or(|c| s.children.iter().any(|x| x.code == c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(code: &str, level: AreaLevel, children: Vec<Area>) -> Area {
        Area {
            code: code.into(),
            name: Bilingual {
                zh: code.into(),
                en: code.into(),
            },
            level,
            children,
        }
    }

    #[test]
    fn area_paths_must_nest() {
        let areas = Areas {
            areas: vec![
                area(
                    "500103",
                    AreaLevel::District,
                    vec![area(
                        "500103002",
                        AreaLevel::Street,
                        vec![area("500103002001", AreaLevel::Community, vec![])],
                    )],
                ),
                area("500105", AreaLevel::District, vec![]),
            ],
        };
        assert!(areas.is_valid_path("500103", None, None));
        assert!(areas.is_valid_path("500103", Some("500103002"), None));
        assert!(areas.is_valid_path("500103", Some("500103002"), Some("500103002001")));
        assert!(!areas.is_valid_path("500105", Some("500103002"), None));
        assert!(!areas.is_valid_path("500103", None, Some("500103002001")));
        assert!(!areas.is_valid_path("999999", None, None));
        assert!(!areas.is_valid_path("500103", Some("500103002"), Some("nope")));
    }
}
