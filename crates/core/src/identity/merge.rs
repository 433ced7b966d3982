//! What the merge screen shows for two customers that are one person:
//! which record survives by default, and the scalar fields side by side
//! with both values, so the person chooses where they differ. The merge
//! itself is [`crate::sync::merge_customers`]; the field names here are
//! the ones its `choices` take.

use crate::model::{Customer, Id};

/// One scalar field of two customers, both values as text (`None`:
/// empty). Tier is its code (`gold`), custom fields `key: value` lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPair {
    /// The field's name in [`crate::sync::merge_customers`]'s choices.
    pub field: &'static str,
    pub left: Option<String>,
    pub right: Option<String>,
}

impl FieldPair {
    /// Whether the person has to choose: both have a value, and they
    /// differ. (An empty side takes the other's value by itself.)
    pub fn differs(&self) -> bool {
        matches!((&self.left, &self.right), (Some(l), Some(r)) if l != r)
    }
}

/// The scalar fields a merge can choose, in the order a form shows them:
/// first name, last name, external id, city, owner, tier, custom fields.
pub const CHOOSABLE: [&str; 7] = [
    "first_name",
    "last_name",
    "external_id",
    "city",
    "owner",
    "tier",
    "custom",
];

/// The choosable fields of `left` and `right` with both values.
pub fn field_pairs(left: &Customer, right: &Customer) -> Vec<FieldPair> {
    CHOOSABLE
        .iter()
        .map(|&field| FieldPair {
            field,
            left: value(left, field),
            right: value(right, field),
        })
        .collect()
}

/// The custom fields both have with different values: what a choice on
/// `custom` decides (a key only one side has is kept anyway).
fn custom_clashes(left: &Customer, right: &Customer) -> bool {
    left.custom
        .iter()
        .any(|(k, v)| right.custom.get(k).is_some_and(|w| w != v))
}

fn value(c: &Customer, field: &str) -> Option<String> {
    let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    match field {
        "first_name" => text(&c.first_name),
        "last_name" => text(&c.last_name),
        "external_id" => c.external_id.as_deref().and_then(text),
        "city" => c.city.as_deref().and_then(text),
        "owner" => c.owner.as_deref().and_then(text),
        "tier" => Some(c.tier.code().to_string()),
        "custom" => {
            let lines: Vec<String> = c.custom.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            Some(lines.join("\n")).filter(|s| !s.is_empty())
        }
        _ => None,
    }
}

/// The pairs the person must choose on: the differing ones (custom
/// fields only where a key clashes).
pub fn differing(left: &Customer, right: &Customer) -> Vec<FieldPair> {
    field_pairs(left, right)
        .into_iter()
        .filter(|p| {
            if p.field == "custom" {
                custom_clashes(left, right)
            } else {
                p.differs()
            }
        })
        .collect()
}

/// The record that survives unless the person says otherwise: the one
/// with more purchases, then the older one, then the smaller id (so the
/// answer never depends on the order of the arguments).
pub fn default_survivor(a: (&Customer, usize), b: (&Customer, usize)) -> Id {
    let key =
        |(c, purchases): (&Customer, usize)| (std::cmp::Reverse(purchases), c.created_at, c.id);
    if key(a) <= key(b) { a.0.id } else { b.0.id }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Tier;

    fn customer(n: u128, first: &str, last: &str) -> Customer {
        let mut c = Customer::new(Id::from_uuid(uuid::Uuid::from_u128(n)), first, last);
        c.created_at = 1_000 * n as i64;
        c
    }

    #[test]
    fn field_pairs_show_both_values_and_only_real_differences_need_a_choice() {
        let mut a = customer(1, "Şükrü", "Çağlar");
        a.city = Some("İzmir".into());
        a.owner = Some("Deniz".into());
        a.tier = Tier::Gold;
        a.external_id = Some("M-000001".into());
        a.custom.insert("kaynak".into(), "Mağaza".into());
        let mut b = customer(2, "SUKRU", "Çağlar");
        b.city = Some("İzmir".into());
        b.external_id = Some("M-000002".into());
        b.custom.insert("kaynak".into(), "Instagram".into());
        b.custom.insert("not".into(), "x".into());

        let pairs = field_pairs(&a, &b);
        assert_eq!(pairs.iter().map(|p| p.field).collect::<Vec<_>>(), CHOOSABLE);
        let tier = pairs.iter().find(|p| p.field == "tier").unwrap();
        assert_eq!(tier.left.as_deref(), Some("gold"));
        assert_eq!(tier.right.as_deref(), Some("standard"));
        let owner = pairs.iter().find(|p| p.field == "owner").unwrap();
        assert_eq!(
            (owner.left.as_deref(), owner.right.as_deref()),
            (Some("Deniz"), None)
        );
        assert!(!owner.differs(), "an empty side takes the other's value");

        let choose: Vec<&str> = differing(&a, &b).iter().map(|p| p.field).collect();
        assert_eq!(choose, ["first_name", "external_id", "tier", "custom"]);

        b.custom.insert("kaynak".into(), "Mağaza".into());
        let choose: Vec<&str> = differing(&a, &b).iter().map(|p| p.field).collect();
        assert_eq!(choose, ["first_name", "external_id", "tier"], "no clash");
    }

    #[test]
    fn the_default_survivor_has_more_purchases_then_is_older() {
        let (a, b) = (customer(1, "A", "B"), customer(2, "A", "B"));
        assert_eq!(default_survivor((&a, 3), (&b, 5)), b.id);
        assert_eq!(default_survivor((&b, 5), (&a, 3)), b.id);
        assert_eq!(default_survivor((&a, 4), (&b, 4)), a.id, "older");
        assert_eq!(default_survivor((&b, 4), (&a, 4)), a.id, "older");
    }
}
