//! The reference lists the office publishes: categories and areas. Seeded
//! from `server/data/*.json` (see the `_source` note in areas.json).

use letterbox_core::catalogue::{Areas, Categories};

#[derive(Debug)]
pub struct Catalogue {
    pub categories: Categories,
    pub areas: Areas,
}

const CATEGORIES_JSON: &str = include_str!("../data/categories.json");
const AREAS_JSON: &str = include_str!("../data/areas.json");

impl Catalogue {
    pub fn seed() -> Result<Self, serde_json::Error> {
        Ok(Self {
            categories: serde_json::from_str(CATEGORIES_JSON)?,
            areas: serde_json::from_str(AREAS_JSON)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use letterbox_core::catalogue::AreaLevel;

    #[test]
    fn the_seed_covers_chongqing_and_every_category() {
        let c = Catalogue::seed().unwrap();
        assert_eq!(c.categories.categories.len(), 10);
        assert!(c.categories.contains("other"));
        let areas = &c.areas.areas;
        assert_eq!(
            areas.len(),
            38,
            "26 districts, 8 counties, 4 autonomous counties"
        );
        let districts = areas
            .iter()
            .filter(|a| a.level == AreaLevel::District)
            .count();
        assert_eq!(districts, 26);
        let with_streets = areas.iter().filter(|a| !a.children.is_empty()).count();
        assert!(with_streets >= 2);
        let yuzhong = c.areas.district("500103").unwrap();
        assert_eq!(yuzhong.name.zh, "渝中区");
        assert!(yuzhong.children.iter().any(|s| s.name.zh == "解放碑街道"));
        let mut codes: Vec<&str> = areas
            .iter()
            .flat_map(|a| {
                std::iter::once(a.code.as_str()).chain(a.children.iter().map(|s| s.code.as_str()))
            })
            .collect();
        let n = codes.len();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), n, "codes are unique");
    }
}
