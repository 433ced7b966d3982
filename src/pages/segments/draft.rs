//! The segment editor's draft: a rule as reactive fields, turned into a
//! core `Group` (with the problems by condition) on every change.

use std::sync::atomic::{AtomicU64, Ordering};

use ilgi_core::i18n::Lang;
use ilgi_core::segment::{
    Condition, Field, Group, Join, Node, Op, Value, condition_from_input, number_input,
};
use leptos::prelude::*;

use crate::i18n::I18n;

static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

fn next_key() -> u64 {
    NEXT_KEY.fetch_add(1, Ordering::Relaxed)
}

/// One condition being edited.
#[derive(Clone, Copy)]
pub(super) struct CondDraft {
    pub(super) key: u64,
    pub(super) field: RwSignal<Field>,
    pub(super) op: RwSignal<Op>,
    /// What the user typed (numbers, text).
    pub(super) text: RwSignal<String>,
    /// Picked choice codes (segments, tiers, platforms).
    pub(super) choices: RwSignal<Vec<String>>,
}

/// A group being edited: conditions first, then subgroups (the order of
/// items in an AND/OR group does not change what it selects).
#[derive(Clone, Copy)]
pub(super) struct GroupDraft {
    pub(super) key: u64,
    pub(super) join: RwSignal<Join>,
    pub(super) conds: RwSignal<Vec<CondDraft>>,
    pub(super) groups: RwSignal<Vec<GroupDraft>>,
}

impl CondDraft {
    pub(super) fn new(field: Field) -> CondDraft {
        CondDraft {
            key: next_key(),
            field: RwSignal::new(field),
            op: RwSignal::new(field.ops()[0]),
            text: RwSignal::new(String::new()),
            choices: RwSignal::new(Vec::new()),
        }
    }

    pub(super) fn of(c: &Condition, lang: Lang) -> CondDraft {
        let d = CondDraft::new(c.field);
        d.op.set(c.op);
        match &c.value {
            Value::Number(n) => d.text.set(number_input(*n, lang)),
            Value::Text(t) => d.text.set(t.clone()),
            Value::Choices(list) => d.choices.set(list.clone()),
            Value::None => {}
        }
        d
    }

    /// The condition, or why it is not one yet (translated).
    pub(super) fn build(&self, i18n: I18n) -> Result<Condition, String> {
        self.choices.with(|choices| {
            condition_from_input(self.field.get(), self.op.get(), &self.text.get(), choices)
                .map_err(|e| e.message(i18n.lang()))
        })
    }
}

impl GroupDraft {
    pub(super) fn new(join: Join) -> GroupDraft {
        GroupDraft {
            key: next_key(),
            join: RwSignal::new(join),
            conds: RwSignal::new(Vec::new()),
            groups: RwSignal::new(Vec::new()),
        }
    }

    pub(super) fn of(g: &Group, lang: Lang) -> GroupDraft {
        let d = GroupDraft::new(g.join);
        let mut conds = Vec::new();
        let mut groups = Vec::new();
        for item in &g.items {
            match item {
                Node::Condition(c) => conds.push(CondDraft::of(c, lang)),
                Node::Group(sub) => groups.push(GroupDraft::of(sub, lang)),
            }
        }
        d.conds.set(conds);
        d.groups.set(groups);
        d
    }

    /// The group, and the problems by condition key.
    pub(super) fn build(&self, i18n: I18n, problems: &mut Vec<(u64, String)>) -> Group {
        let mut items = Vec::new();
        for c in self.conds.get() {
            match c.build(i18n) {
                Ok(cond) => items.push(Node::Condition(cond)),
                Err(e) => problems.push((c.key, e)),
            }
        }
        for g in self.groups.get() {
            items.push(Node::Group(g.build(i18n, problems)));
        }
        Group {
            join: self.join.get(),
            items,
        }
    }
}
