//! [`Group::validate`]: every problem of a rule, each with the path the
//! editor shows it at.

use std::fmt;

use super::fields::{platform_of, tier_of};
use super::parse::{ValueError, check_number};
use super::{Condition, Field, Group, Kind, MAX_DEPTH, Node, Op, Value};
use crate::i18n::{Arg, Lang, catalog};
use crate::rfm::Segment;
use crate::text;

/// What is wrong with one condition or group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleProblem {
    /// The operator cannot be used with the field's kind.
    OpNotAllowed,
    /// A number is needed (the value is missing or not a number).
    NeedsNumber,
    /// The number is NaN or infinite.
    NotFinite,
    /// The number is outside the field's limits (see [`ValueError`]).
    BadNumber(ValueError),
    /// A non-blank text is needed.
    NeedsText,
    /// A non-empty list of choices is needed.
    NeedsChoices,
    /// A choice code the field does not have.
    UnknownChoice(String),
    /// `has_any` takes no value.
    NoValueExpected,
    /// A group nested deeper than [`MAX_DEPTH`].
    TooDeep,
}

/// One problem of a rule.
///
/// `path` holds the item indexes from the top group down: `[1]` is the
/// second item of the top group, `[0, 2]` the third item of the sub-group
/// that is the first item of the top group. For [`RuleProblem::TooDeep`] it
/// is the path of the group that is too deep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub path: Vec<usize>,
    /// The condition's field and operator (`None` for a group's problem).
    pub field: Option<Field>,
    pub op: Option<Op>,
    pub problem: RuleProblem,
}

impl RuleError {
    /// Translation key of the problem (`segment-rule-…`, or the value
    /// error's `segment-value-…` key for [`RuleProblem::BadNumber`]).
    pub fn key(&self) -> &'static str {
        match &self.problem {
            RuleProblem::OpNotAllowed => "segment-rule-op-not-allowed",
            RuleProblem::NeedsNumber => "segment-rule-needs-number",
            RuleProblem::NotFinite => "segment-rule-not-finite",
            RuleProblem::BadNumber(e) => e.key(),
            RuleProblem::NeedsText => "segment-rule-needs-text",
            RuleProblem::NeedsChoices => "segment-rule-needs-choices",
            RuleProblem::UnknownChoice(_) => "segment-rule-unknown-choice",
            RuleProblem::NoValueExpected => "segment-rule-no-value",
            RuleProblem::TooDeep => "segment-rule-too-deep",
        }
    }

    /// Where the problem is, in `lang`: "Condition 2 in group 1".
    pub fn location(&self, lang: Lang) -> String {
        let (last, parents) = match self.path.split_last() {
            Some((last, parents)) => (last + 1, parents),
            None => (0, &[][..]),
        };
        let group_of = |indexes: &[usize]| {
            indexes
                .iter()
                .map(|i| (i + 1).to_string())
                .collect::<Vec<_>>()
                .join(".")
        };
        if self.problem == RuleProblem::TooDeep {
            let group = group_of(&self.path);
            return catalog().text_with(
                lang,
                "segment-rule-at-group",
                &[("group", Arg::Str(&group))],
            );
        }
        if parents.is_empty() {
            catalog().text_with(
                lang,
                "segment-rule-at-condition",
                &[("n", Arg::Num(last as f64))],
            )
        } else {
            let group = group_of(parents);
            catalog().text_with(
                lang,
                "segment-rule-at-condition-in-group",
                &[("n", Arg::Num(last as f64)), ("group", Arg::Str(&group))],
            )
        }
    }

    /// The problem with its location in `lang`: "Condition 2 in group 1:
    /// Lifetime value (CLV) needs a number".
    pub fn message(&self, lang: Lang) -> String {
        let field = self
            .field
            .map(|f| catalog().text(lang, f.key()))
            .unwrap_or_default();
        let op = self
            .op
            .map(|o| catalog().text(lang, o.key()))
            .unwrap_or_default();
        let text = match &self.problem {
            RuleProblem::BadNumber(e) => format!("{field}: {}", e.message(lang)),
            RuleProblem::UnknownChoice(code) => catalog().text_with(
                lang,
                self.key(),
                &[("field", Arg::Str(&field)), ("value", Arg::Str(code))],
            ),
            RuleProblem::TooDeep => {
                catalog().text_with(lang, self.key(), &[("max", Arg::Num(MAX_DEPTH as f64))])
            }
            _ => catalog().text_with(
                lang,
                self.key(),
                &[("field", Arg::Str(&field)), ("op", Arg::Str(&op))],
            ),
        };
        format!("{}: {text}", self.location(lang))
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for RuleError {}

impl Group {
    /// Every problem of the rule, in document order (one per condition: the
    /// first one found). A valid rule compiles to exactly what it says.
    pub fn validate(&self) -> Result<(), Vec<RuleError>> {
        let mut errors = Vec::new();
        let mut path = Vec::new();
        walk(self, 1, &mut path, &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

fn walk(group: &Group, depth: usize, path: &mut Vec<usize>, errors: &mut Vec<RuleError>) {
    for (i, node) in group.items.iter().enumerate() {
        path.push(i);
        match node {
            Node::Condition(c) => {
                if let Err(problem) = check_condition(c) {
                    errors.push(RuleError {
                        path: path.clone(),
                        field: Some(c.field),
                        op: Some(c.op),
                        problem,
                    });
                }
            }
            Node::Group(_) if depth >= MAX_DEPTH => {
                errors.push(RuleError {
                    path: path.clone(),
                    field: None,
                    op: None,
                    problem: RuleProblem::TooDeep,
                });
            }
            Node::Group(sub) => walk(sub, depth + 1, path, errors),
        }
        path.pop();
    }
}

/// The first problem of one condition.
pub(crate) fn check_condition(c: &Condition) -> Result<(), RuleProblem> {
    if !c.field.allows(c.op) {
        return Err(RuleProblem::OpNotAllowed);
    }
    if c.op == Op::HasAny {
        return match c.value {
            Value::None => Ok(()),
            _ => Err(RuleProblem::NoValueExpected),
        };
    }
    match c.field.kind() {
        Kind::Number | Kind::Money | Kind::Percent | Kind::Days => {
            let Value::Number(n) = c.value else {
                return Err(RuleProblem::NeedsNumber);
            };
            if !n.is_finite() {
                return Err(RuleProblem::NotFinite);
            }
            check_number(c.field, n).map_err(RuleProblem::BadNumber)
        }
        Kind::Choice => {
            let Value::Choices(codes) = &c.value else {
                return Err(RuleProblem::NeedsChoices);
            };
            if codes.is_empty() {
                return Err(RuleProblem::NeedsChoices);
            }
            match codes.iter().find(|code| !is_choice(c.field, code)) {
                Some(code) => Err(RuleProblem::UnknownChoice(code.clone())),
                None => Ok(()),
            }
        }
        Kind::Text => match &c.value {
            Value::Text(t) if !text::fold(t).is_empty() => Ok(()),
            _ => Err(RuleProblem::NeedsText),
        },
    }
}

/// Whether `code` is one of `field`'s choices.
fn is_choice(field: Field, code: &str) -> bool {
    match field {
        Field::RfmSegment => Segment::from_code(code).is_some(),
        Field::Tier => tier_of(code).is_some(),
        Field::SocialPlatform => platform_of(code).is_some(),
        _ => false,
    }
}
