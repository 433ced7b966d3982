//! The customer list's search, filters and sort.
//!
//! A [`CustomerQuery`] is what the list shows: search text, filters and sort.
//! It round-trips through the URL's query string
//! ([`CustomerQuery::to_query_pairs`], [`CustomerQuery::from_query_pairs`]),
//! so a filtered list can be bookmarked, shared and restored by the back
//! button. A [`SearchIndex`] holds every live customer in compact form and
//! answers a query on each keystroke: the search text is folded
//! ([`crate::text::fold`]) so `İstanbul` finds `ISTANBUL`, `isik` finds
//! `IŞIK`, `0532 123` finds `+905321234567`, and `@handle` finds handles.
//!
//! Search rules: the text is split on whitespace and every word must occur
//! in the customer's [`Customer::search_text`](crate::model::Customer::search_text).
//! Consecutive words made of phone characters (`0532 123 45`, `+90 (532)`)
//! count as one number: their digits must occur together.

mod index;
mod steps;
mod terms;

use crate::model::Tier;

pub use index::{Finishing, Freeing, IndexBuilder, MERGE_PER_RUN, ResultPage, SearchIndex};

/// What the customer list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortBy {
    /// Last name, then first name, in Turkish alphabetical order.
    #[default]
    Name,
    /// City in Turkish alphabetical order (customers without a city last),
    /// then name.
    City,
    /// Tier (standard first), then name.
    Tier,
    /// When the customer was added.
    Created,
    /// When the customer last changed.
    Updated,
    /// Largest follower count over the social identities (customers without
    /// one last), then name.
    Followers,
}

impl SortBy {
    pub const ALL: [SortBy; 6] = [
        SortBy::Name,
        SortBy::City,
        SortBy::Tier,
        SortBy::Created,
        SortBy::Updated,
        SortBy::Followers,
    ];

    /// The stable code used in the URL (`name`, `city`…).
    pub fn code(self) -> &'static str {
        match self {
            SortBy::Name => "name",
            SortBy::City => "city",
            SortBy::Tier => "tier",
            SortBy::Created => "created",
            SortBy::Updated => "updated",
            SortBy::Followers => "followers",
        }
    }

    /// Translation key of the sort's label (`query-sort-…`).
    pub fn key(self) -> &'static str {
        match self {
            SortBy::Name => "query-sort-name",
            SortBy::City => "query-sort-city",
            SortBy::Tier => "query-sort-tier",
            SortBy::Created => "query-sort-created",
            SortBy::Updated => "query-sort-updated",
            SortBy::Followers => "query-sort-followers",
        }
    }

    /// Reads a code; anything else is `None`.
    pub fn from_code(code: &str) -> Option<SortBy> {
        SortBy::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// What the customer list shows: search text, filters and sort. The default
/// shows everyone by name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomerQuery {
    /// The search box, as typed.
    pub text: String,
    pub tier: Option<Tier>,
    /// Compared folded: `istanbul` selects `İstanbul`. Empty means no filter.
    pub city: Option<String>,
    /// Compared folded. Empty means no filter.
    pub tag: Option<String>,
    /// Whether the customer has at least one social identity.
    pub social: Option<bool>,
    pub sort: SortBy,
    pub descending: bool,
}

impl CustomerQuery {
    /// The query as URL query-string pairs (keys `q`, `tier`, `city`, `tag`,
    /// `social`, `sort`, `desc`). Defaults and empty values are left out, so
    /// the plain list has a plain URL. Percent-encoding is the router's job.
    pub fn to_query_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.text.is_empty() {
            pairs.push(("q", self.text.clone()));
        }
        if let Some(tier) = self.tier {
            pairs.push(("tier", tier.code().to_string()));
        }
        if let Some(city) = self.city.as_ref().filter(|c| !c.is_empty()) {
            pairs.push(("city", city.clone()));
        }
        if let Some(tag) = self.tag.as_ref().filter(|t| !t.is_empty()) {
            pairs.push(("tag", tag.clone()));
        }
        if let Some(social) = self.social {
            pairs.push(("social", if social { "1" } else { "0" }.to_string()));
        }
        if self.sort != SortBy::default() {
            pairs.push(("sort", self.sort.code().to_string()));
        }
        if self.descending {
            pairs.push(("desc", "1".to_string()));
        }
        pairs
    }

    /// Reads a query from URL query-string pairs (already percent-decoded).
    /// Unknown keys and values that do not parse are ignored, so an old or
    /// hand-edited link still opens the list; when a key repeats, the last
    /// value wins.
    pub fn from_query_pairs<I, K, V>(pairs: I) -> CustomerQuery
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut query = CustomerQuery::default();
        for (key, value) in pairs {
            let value = value.as_ref();
            match key.as_ref() {
                "q" => query.text = value.to_string(),
                "tier" if !value.trim().is_empty() => {
                    if let Ok(tier) = Tier::parse(value) {
                        query.tier = Some(tier);
                    }
                }
                "city" if !value.is_empty() => query.city = Some(value.to_string()),
                "tag" if !value.is_empty() => query.tag = Some(value.to_string()),
                "social" => {
                    if let Some(social) = parse_flag(value) {
                        query.social = Some(social);
                    }
                }
                "sort" => {
                    if let Some(sort) = SortBy::from_code(value) {
                        query.sort = sort;
                    }
                }
                "desc" => {
                    if let Some(descending) = parse_flag(value) {
                        query.descending = descending;
                    }
                }
                _ => {}
            }
        }
        query
    }

    /// Whether the query narrows the list (search text or a filter), as
    /// opposed to only sorting it.
    pub fn is_filtered(&self) -> bool {
        !self.text.trim().is_empty()
            || self.tier.is_some()
            || self.city.as_ref().is_some_and(|c| !c.trim().is_empty())
            || self.tag.as_ref().is_some_and(|t| !t.trim().is_empty())
            || self.social.is_some()
    }
}

fn parse_flag(value: &str) -> Option<bool> {
    match value {
        "1" | "true" | "yes" => Some(true),
        "0" | "false" | "no" => Some(false),
        _ => None,
    }
}

/// Counts for the filter menus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facets {
    /// (city as first written, customers) in Turkish alphabetical order;
    /// spellings that fold alike (`İstanbul`, `ISTANBUL`) are one city.
    pub cities: Vec<(String, usize)>,
    /// (tag as first written, customers) in Turkish alphabetical order.
    pub tags: Vec<(String, usize)>,
    /// Customers per tier, in [`Tier::ALL`] order (zeros included).
    pub tiers: [(Tier, usize); 4],
}

#[cfg(test)]
mod tests;
