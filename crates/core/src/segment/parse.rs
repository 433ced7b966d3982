//! [`parse_value`]: what the user typed into a condition's value box.

use super::fields::{platform_of, tier_of};
use super::{Field, Kind, Op, Value};
use crate::i18n::{Arg, Lang, catalog};
use crate::model::values::ValueError as AmountError;
use crate::model::{Money, Platform, Tier};
use crate::rfm::Segment;
use crate::text;

/// Why a typed value was rejected (or a stored number is out of limits).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("enter a value")]
    Empty,
    #[error("is not a number")]
    NotANumber,
    #[error("must be a whole number")]
    NotWhole,
    #[error("has more than two decimals")]
    Decimals,
    #[error("is too large")]
    TooLarge,
    #[error("must be 0 or more")]
    Negative,
    #[error("must be between {min} and {max}")]
    Range { min: i64, max: i64 },
    #[error("{0:?} is not one of the options")]
    UnknownChoice(String),
    #[error("this operator does not apply to this field")]
    Operator,
    #[error("pick at least one option")]
    NoChoice,
}

impl ValueError {
    /// Translation key of the reason (`segment-value-…`).
    pub fn key(&self) -> &'static str {
        match self {
            ValueError::Empty => "segment-value-empty",
            ValueError::NotANumber => "segment-value-not-a-number",
            ValueError::NotWhole => "segment-value-not-whole",
            ValueError::Decimals => "segment-value-decimals",
            ValueError::TooLarge => "segment-value-too-large",
            ValueError::Negative => "segment-value-negative",
            ValueError::Range { .. } => "segment-value-range",
            ValueError::UnknownChoice(_) => "segment-value-unknown-choice",
            ValueError::Operator => "segment-value-operator",
            ValueError::NoChoice => "segment-pick-one",
        }
    }

    /// The reason in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ValueError::Range { min, max } => catalog().text_with(
                lang,
                self.key(),
                &[
                    ("min", Arg::Num(*min as f64)),
                    ("max", Arg::Num(*max as f64)),
                ],
            ),
            ValueError::UnknownChoice(value) => {
                catalog().text_with(lang, self.key(), &[("value", Arg::Str(value))])
            }
            _ => catalog().text(lang, self.key()),
        }
    }

    /// One of every reason, for the catalogue completeness test.
    pub fn examples() -> Vec<ValueError> {
        vec![
            ValueError::Empty,
            ValueError::NotANumber,
            ValueError::NotWhole,
            ValueError::Decimals,
            ValueError::TooLarge,
            ValueError::Negative,
            ValueError::Range { min: 1, max: 5 },
            ValueError::UnknownChoice("x".into()),
            ValueError::Operator,
            ValueError::NoChoice,
        ]
    }
}

/// The largest number a condition takes (money: what [`Money`] accepts).
const MAX_NUMBER: f64 = 1e15;
const MAX_MONEY: f64 = 1e12;

/// Reads the value the user typed for `field` `op`:
///
/// - numbers in Turkish or English notation (`1.250,50`, `1,250.50`,
///   `1250`, `12,5`); money through [`Money::parse`] (`₺`, `TL`, two
///   decimals at most), percentages 0–100 (a `%` is allowed), days and
///   counts whole and ≥ 0, RFM scores 1–5;
/// - choices as a list separated by `,` or `;`, each a code or a name in
///   either language (`Şampiyonlar`, `gold`, `Twitter`);
/// - text trimmed, not blank;
/// - nothing for `has_any` (the input is ignored).
pub fn parse_value(field: Field, op: Op, input: &str) -> Result<Value, ValueError> {
    if !field.allows(op) {
        return Err(ValueError::Operator);
    }
    if op == Op::HasAny {
        return Ok(Value::None);
    }
    match field.kind() {
        Kind::Money => {
            let money = Money::parse(input).map_err(|e| match e {
                AmountError::Empty => ValueError::Empty,
                AmountError::AmountPrecision => ValueError::Decimals,
                AmountError::AmountRange => ValueError::TooLarge,
                _ => ValueError::NotANumber,
            })?;
            let n = money.minor() as f64 / 100.0;
            check_number(field, n)?;
            Ok(Value::Number(n))
        }
        Kind::Number | Kind::Percent | Kind::Days => {
            let mut t = input.trim();
            if field.kind() == Kind::Percent {
                t = t.trim_start_matches('%').trim_end_matches('%');
            }
            let n = parse_decimal(t)?;
            check_number(field, n)?;
            Ok(Value::Number(n))
        }
        Kind::Choice => {
            let mut codes: Vec<String> = Vec::new();
            for item in input.split([',', ';', '\n']) {
                let item = item.trim();
                if item.is_empty() {
                    continue;
                }
                let code = choice_code(field, item)
                    .ok_or_else(|| ValueError::UnknownChoice(item.to_string()))?;
                if !codes.iter().any(|c| c == code) {
                    codes.push(code.to_string());
                }
            }
            if codes.is_empty() {
                return Err(ValueError::Empty);
            }
            Ok(Value::Choices(codes))
        }
        Kind::Text => {
            let t = input.trim();
            if text::fold(t).is_empty() {
                return Err(ValueError::Empty);
            }
            Ok(Value::Text(t.to_string()))
        }
    }
}

/// The code of a typed choice: a code, or a name in either language.
fn choice_code(field: Field, item: &str) -> Option<&'static str> {
    let folded = text::fold(item);
    let named = |key: &str| {
        Lang::ALL
            .into_iter()
            .any(|lang| text::fold(&catalog().text(lang, key)) == folded)
    };
    match field {
        Field::RfmSegment => Segment::ALL
            .into_iter()
            .find(|s| {
                text::fold(s.code()) == folded
                    || text::fold(&s.code().replace('_', " ")) == folded
                    || named(s.key())
            })
            .map(Segment::code),
        Field::Tier => tier_of(&folded)
            .or_else(|| Tier::parse(item).ok())
            .or_else(|| Tier::ALL.into_iter().find(|t| named(t.key())))
            .map(Tier::code),
        Field::SocialPlatform => platform_of(&folded)
            .or_else(|| Platform::parse(item).ok())
            .or_else(|| {
                Platform::ALL
                    .into_iter()
                    .find(|p| text::fold(p.name()) == folded)
            })
            .map(Platform::code),
        _ => None,
    }
}

/// Checks a number against the field's limits.
pub(crate) fn check_number(field: Field, n: f64) -> Result<(), ValueError> {
    if !n.is_finite() {
        return Err(ValueError::NotANumber);
    }
    if n.abs() > MAX_NUMBER {
        return Err(ValueError::TooLarge);
    }
    if field.kind() == Kind::Money {
        if n.abs() > MAX_MONEY {
            return Err(ValueError::TooLarge);
        }
        let cents = n * 100.0;
        if (cents - cents.round()).abs() > 1e-6 {
            return Err(ValueError::Decimals);
        }
    }
    let bounds = field.bounds();
    if bounds.whole && n.fract() != 0.0 {
        return Err(ValueError::NotWhole);
    }
    let below = bounds.min.is_some_and(|min| n < min as f64);
    let above = bounds.max.is_some_and(|max| n > max as f64);
    match (bounds.min, bounds.max) {
        (Some(min), Some(max)) if below || above => Err(ValueError::Range { min, max }),
        // Every field with only a lower limit has 0 as that limit.
        _ if below => Err(ValueError::Negative),
        _ => Ok(()),
    }
}

/// Reads a number in Turkish or English notation.
///
/// With both `.` and `,`, the last one is the decimal mark and the other
/// groups thousands. A mark that appears more than once groups thousands. A
/// single mark is the decimal mark unless exactly three digits follow it
/// and the integer part is not `0` (`1.250` and `1,250` are 1250, as
/// [`Money::parse`] reads them; `0,125` is 0.125). Grouped digits come in
/// threes.
pub(crate) fn parse_decimal(text: &str) -> Result<f64, ValueError> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\'')
        .collect();
    if t.is_empty() {
        return Err(ValueError::Empty);
    }
    let (negative, t) = match t.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(&t)),
    };
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(ValueError::NotANumber);
    }
    let dots = t.matches('.').count();
    let commas = t.matches(',').count();
    let decimal_at = match (dots, commas) {
        (0, 0) => None,
        (_, 0) | (0, _) if dots + commas > 1 => None,
        (_, 0) | (0, _) => {
            let pos = t.find(['.', ',']).unwrap_or(0);
            let (int, frac) = (&t[..pos], &t[pos + 1..]);
            // "1.250" groups thousands (as in Money::parse), "0,125" does not.
            if frac.len() == 3 && !int.trim_start_matches('0').is_empty() {
                None
            } else {
                Some(pos)
            }
        }
        _ => {
            let pos = t.rfind(['.', ',']).unwrap_or(0);
            let mark = &t[pos..=pos];
            if t.matches(mark).count() > 1 {
                return Err(ValueError::NotANumber);
            }
            Some(pos)
        }
    };
    let (int, frac) = match decimal_at {
        Some(pos) => (&t[..pos], &t[pos + 1..]),
        None => (t, ""),
    };
    if decimal_at.is_some() && frac.is_empty() {
        return Err(ValueError::NotANumber);
    }
    let groups: Vec<&str> = int.split(['.', ',']).collect();
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return Err(ValueError::NotANumber);
    }
    let mut plain = groups.concat();
    if plain.is_empty() {
        if frac.is_empty() {
            return Err(ValueError::NotANumber);
        }
        plain.push('0');
    }
    if !frac.is_empty() {
        plain.push('.');
        plain.push_str(frac);
    }
    let n: f64 = plain.parse().map_err(|_| ValueError::NotANumber)?;
    if !n.is_finite() {
        return Err(ValueError::TooLarge);
    }
    Ok(if negative { -n } else { n })
}

/// The condition the editor's inputs describe: `text` is what was typed
/// (numbers, text), `choices` the options picked (for fields of
/// [`Kind::Choice`]). `has_any` takes neither.
pub fn condition_from_input(
    field: Field,
    op: Op,
    text: &str,
    choices: &[String],
) -> Result<super::Condition, ValueError> {
    let value = if op == Op::HasAny {
        Value::None
    } else if field.kind() == Kind::Choice {
        if !field.allows(op) {
            return Err(ValueError::Operator);
        }
        if choices.is_empty() {
            return Err(ValueError::NoChoice);
        }
        Value::Choices(choices.to_vec())
    } else {
        parse_value(field, op, text)?
    };
    Ok(super::Condition::new(field, op, value))
}

/// A number as the user would type it in `lang`, without grouping (`12,5`
/// / `12.5`, `1250`): what the editor shows for a saved condition, and
/// what [`parse_value`] reads back.
pub fn number_input(n: f64, lang: Lang) -> String {
    let text = if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    };
    match lang {
        Lang::Tr => text.replace('.', ","),
        Lang::En => text,
    }
}

#[cfg(test)]
mod input_tests {
    use super::*;

    #[test]
    fn editor_inputs_make_conditions_or_say_why_not() {
        let c = condition_from_input(Field::City, Op::Is, " İstanbul ", &[]).unwrap();
        assert_eq!(c.value, Value::Text("İstanbul".into()));
        assert_eq!(
            condition_from_input(Field::RfmSegment, Op::In, "", &[]),
            Err(ValueError::NoChoice)
        );
        let picked = vec!["champions".to_string()];
        let c = condition_from_input(Field::RfmSegment, Op::In, "", &picked).unwrap();
        assert_eq!(c.value, Value::Choices(picked));
        assert_eq!(
            condition_from_input(Field::Clv, Op::Ge, "abc", &[]),
            Err(ValueError::NotANumber)
        );
        let any = condition_from_input(Field::Tag, Op::HasAny, "ignored", &[]).unwrap();
        assert_eq!(any.value, Value::None);
    }

    #[test]
    fn numbers_are_written_back_as_they_are_read() {
        for (n, lang) in [
            (12.5, Lang::Tr),
            (12.5, Lang::En),
            (1250.0, Lang::Tr),
            (0.25, Lang::En),
        ] {
            let text = number_input(n, lang);
            assert!(
                !text.contains(if lang == Lang::Tr { '.' } else { ',' }),
                "{text}"
            );
            assert_eq!(
                parse_value(Field::Clv, Op::Ge, &text),
                Ok(Value::Number(n)),
                "{text}"
            );
        }
    }
}
