//! [`Group::describe`]: a rule as one readable sentence.

use super::{Condition, Field, Group, Kind, Node, Op, Value, or_list};
use crate::i18n::{Arg, Lang, catalog};
use crate::model::Money;

impl Group {
    /// The rule as one sentence in `lang`, for the saved-segments list:
    /// field names, operators and values, "and"/"or" between items and
    /// parentheses around sub-groups of more than one item. An empty rule
    /// reads "All customers".
    pub fn describe(&self, lang: Lang) -> String {
        describe_group(self, lang)
    }
}

fn describe_group(group: &Group, lang: Lang) -> String {
    if group.items.is_empty() {
        return catalog().text(lang, "segment-describe-everyone");
    }
    let word = format!(" {} ", catalog().text(lang, group.join.word_key()));
    group
        .items
        .iter()
        .map(|node| match node {
            Node::Condition(c) => describe_condition(c, lang),
            Node::Group(sub) if sub.items.len() > 1 => format!("({})", describe_group(sub, lang)),
            Node::Group(sub) => describe_group(sub, lang),
        })
        .collect::<Vec<_>>()
        .join(&word)
}

fn describe_condition(c: &Condition, lang: Lang) -> String {
    let field = catalog().text(lang, c.field.key());
    if let Some(symbol) = c.op.symbol() {
        return format!("{field} {symbol} {}", value_text(c.field, &c.value, lang));
    }
    let key = match c.op {
        Op::HasAny => {
            let key = match c.field {
                Field::Tag => "segment-describe-has-any-tag",
                Field::ProductOwned => "segment-describe-has-any-product",
                _ => "segment-describe-has-any-social",
            };
            return catalog().text(lang, key);
        }
        Op::In => "segment-describe-in",
        Op::NotIn => "segment-describe-not-in",
        Op::Is => "segment-describe-is",
        Op::IsNot => "segment-describe-is-not",
        Op::Contains => "segment-describe-contains",
        _ => "segment-describe-not-contains",
    };
    let value = value_text(c.field, &c.value, lang);
    catalog().text_with(
        lang,
        key,
        &[
            ("field", Arg::Str(&field)),
            ("value", Arg::Str(&value)),
            ("values", Arg::Str(&value)),
        ],
    )
}

/// The value as the sentence shows it: numbers in the language's notation
/// with their unit, choices by name ("A, B or C"), text as typed.
fn value_text(field: Field, value: &Value, lang: Lang) -> String {
    match value {
        Value::Number(n) => match field.kind() {
            Kind::Money => {
                let amount = money(*n, lang);
                catalog().text_with(
                    lang,
                    "segment-describe-money",
                    &[("amount", Arg::Str(&amount))],
                )
            }
            Kind::Percent => {
                let n = number(*n, lang);
                catalog().text_with(lang, "segment-describe-percent", &[("n", Arg::Str(&n))])
            }
            Kind::Days => {
                let shown = number(*n, lang);
                catalog().text_with(
                    lang,
                    "segment-describe-days",
                    &[("n", Arg::Str(&shown)), ("count", Arg::Num(*n))],
                )
            }
            _ => number(*n, lang),
        },
        Value::Choices(codes) => {
            let labels: Vec<String> = codes
                .iter()
                .map(|code| field.choice_label(code, lang))
                .collect();
            or_list(&labels, lang)
        }
        Value::Text(t) => t.trim().to_string(),
        Value::None => "—".to_string(),
    }
}

/// An amount in lira: whole amounts without decimals (`1.000`), others
/// with two (`1.250,50`).
fn money(n: f64, lang: Lang) -> String {
    if !n.is_finite() || n.abs() > 1e15 {
        return number(n, lang);
    }
    let minor = (n * 100.0).round() as i64;
    if minor % 100 == 0 {
        number((minor / 100) as f64, lang)
    } else {
        Money::from_minor(minor).format(lang)
    }
}

/// A number with the language's thousands and decimal marks: Turkish
/// `1.250,5`, English `1,250.5`.
fn number(n: f64, lang: Lang) -> String {
    if !n.is_finite() {
        return n.to_string();
    }
    let (group, decimal) = match lang {
        Lang::Tr => ('.', ','),
        Lang::En => (',', '.'),
    };
    // `Display` of an f64 never uses an exponent.
    let plain = format!("{}", n.abs());
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let mut out = String::with_capacity(plain.len() + plain.len() / 3 + 1);
    if n < 0.0 {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(decimal);
        out.push_str(frac);
    }
    out
}
