//! Identity across channels (issue 12): who a social post's author is
//! among the customers ([`matching`]), and which customers are one person
//! written twice ([`duplicates`]). Both compare names in their folded form
//! ([`names`]) and use blocking keys, never all pairs; every result carries
//! a score and its reasons; [`merge`] is what the merge screen shows of
//! two records before [`crate::sync::merge_customers`] joins them.

pub mod duplicates;
pub mod matching;
pub mod merge;
pub mod names;

#[cfg(test)]
mod tests;
