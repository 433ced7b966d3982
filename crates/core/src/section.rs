//! The product's top-level sections, in navigation order.
//!
//! Routes, navigation and translation keys are derived from this one list so
//! that a section cannot be reachable without a label, or labelled without a
//! route.

/// A top-level area of the app. The order of [`Section::ALL`] is the order of
/// the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Dashboard,
    Customers,
    Cases,
    Mentions,
    Segments,
    Campaigns,
    Settings,
}

impl Section {
    /// Every section, in navigation order.
    pub const ALL: [Section; 7] = [
        Section::Dashboard,
        Section::Customers,
        Section::Cases,
        Section::Mentions,
        Section::Segments,
        Section::Campaigns,
        Section::Settings,
    ];

    /// The URL path of the section; the dashboard is the root.
    pub fn path(self) -> &'static str {
        match self {
            Section::Dashboard => "/",
            Section::Customers => "/customers",
            Section::Cases => "/cases",
            Section::Mentions => "/mentions",
            Section::Segments => "/segments",
            Section::Campaigns => "/campaigns",
            Section::Settings => "/settings",
        }
    }

    /// A stable identifier, used in translation keys and test ids.
    pub fn slug(self) -> &'static str {
        match self {
            Section::Dashboard => "dashboard",
            Section::Customers => "customers",
            Section::Cases => "cases",
            Section::Mentions => "mentions",
            Section::Segments => "segments",
            Section::Campaigns => "campaigns",
            Section::Settings => "settings",
        }
    }

    /// Translation key of the section's name in the navigation.
    pub fn title_key(self) -> String {
        format!("nav-{}", self.slug())
    }

    /// Translation key of the one-paragraph description shown while the
    /// section has no feature yet.
    pub fn coming_key(self) -> String {
        format!("coming-{}", self.slug())
    }

    /// The section of the page at `path` (one trailing slash ignored): the
    /// section itself or a page inside it.
    pub fn from_path(path: &str) -> Option<Section> {
        let trimmed = if path.len() > 1 {
            path.trim_end_matches('/')
        } else {
            path
        };
        // A page inside a section (`/customers/42`, `/mentions/noise`)
        // belongs to it; the dashboard (`/`) is only itself.
        Section::ALL
            .into_iter()
            .find(|s| s.path() == trimmed)
            .or_else(|| {
                Section::ALL.into_iter().find(|s| {
                    s.path() != "/"
                        && trimmed
                            .strip_prefix(s.path())
                            .is_some_and(|rest| rest.starts_with('/'))
                })
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_round_trips_through_its_path() {
        for section in Section::ALL {
            assert_eq!(Section::from_path(section.path()), Some(section));
        }
    }

    #[test]
    fn a_trailing_slash_still_finds_the_section() {
        assert_eq!(Section::from_path("/cases/"), Some(Section::Cases));
    }

    #[test]
    fn an_unknown_path_is_no_section() {
        assert_eq!(Section::from_path("/nope"), None);
        assert_eq!(Section::from_path("/customersx"), None);
    }

    #[test]
    fn a_page_inside_a_section_belongs_to_it() {
        assert_eq!(
            Section::from_path("/mentions/noise"),
            Some(Section::Mentions)
        );
        assert_eq!(
            Section::from_path("/customers/01900000-0000-7000-8000-000000000000/edit"),
            Some(Section::Customers)
        );
    }

    #[test]
    fn paths_and_slugs_are_unique() {
        let mut paths: Vec<_> = Section::ALL.iter().map(|s| s.path()).collect();
        let mut slugs: Vec<_> = Section::ALL.iter().map(|s| s.slug()).collect();
        paths.sort_unstable();
        paths.dedup();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(paths.len(), Section::ALL.len());
        assert_eq!(slugs.len(), Section::ALL.len());
    }
}
