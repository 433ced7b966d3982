//! Round-robin assignment with a per-agent cap: a department's unassigned
//! cases go to its agents in turn, most urgent first, and an agent who
//! already has `cap` open cases is skipped.

use std::collections::HashMap;

use super::triage::Department;

/// Picks the agent after `last` (in the department's order) who has fewer
/// than `cap` open cases (`cap` 0: no limit); `None` when every agent is
/// full or the department has none.
pub fn next_agent<'a>(
    department: &'a Department,
    open: &HashMap<String, u32>,
    last: Option<&str>,
) -> Option<&'a str> {
    let agents = &department.agents;
    if agents.is_empty() {
        return None;
    }
    let start = last
        .and_then(|l| agents.iter().position(|a| a == l))
        .map_or(0, |i| i + 1);
    (0..agents.len())
        .map(|k| &agents[(start + k) % agents.len()])
        .find(|a| {
            department.cap == 0 || open.get(a.as_str()).copied().unwrap_or(0) < department.cap
        })
        .map(String::as_str)
}

/// Assigns `cases` (already in the order they should be served) to the
/// department's agents in turn; returns `(case index, agent)` for each
/// case that found an agent. `open` and `last` are updated as it goes.
pub fn round_robin(
    department: &Department,
    cases: usize,
    open: &mut HashMap<String, u32>,
    last: &mut Option<String>,
) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for i in 0..cases {
        let Some(agent) = next_agent(department, open, last.as_deref()) else {
            break;
        };
        let agent = agent.to_string();
        *open.entry(agent.clone()).or_default() += 1;
        *last = Some(agent.clone());
        out.push((i, agent));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::DepartmentId;

    fn desk(agents: &[&str], cap: u32) -> Department {
        Department {
            id: DepartmentId::new("technical"),
            name: String::new(),
            agents: agents.iter().map(|a| (*a).to_string()).collect(),
            cap,
            calendar: None,
        }
    }

    #[test]
    fn agents_take_turns_from_the_one_after_the_last_and_full_ones_are_skipped() {
        let d = desk(&["Ayşe", "Can", "Deniz"], 2);
        let mut open = HashMap::from([("Can".to_string(), 2)]);
        let mut last = Some("Ayşe".to_string());
        let given = round_robin(&d, 5, &mut open, &mut last);
        let names: Vec<&str> = given.iter().map(|(_, a)| a.as_str()).collect();
        // Can is full; Deniz, Ayşe, Deniz, Ayşe, then nobody has room.
        assert_eq!(names, ["Deniz", "Ayşe", "Deniz", "Ayşe"]);
        assert_eq!(
            given.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
        assert_eq!((open["Ayşe"], open["Deniz"], open["Can"]), (2, 2, 2));
        assert_eq!(last.as_deref(), Some("Ayşe"));
    }

    #[test]
    fn without_a_cap_or_agents() {
        let d = desk(&["Ayşe", "Can"], 0);
        let mut open = HashMap::from([("Ayşe".to_string(), 50)]);
        let mut last = None;
        let names: Vec<String> = round_robin(&d, 3, &mut open, &mut last)
            .into_iter()
            .map(|(_, a)| a)
            .collect();
        assert_eq!(names, ["Ayşe", "Can", "Ayşe"]);
        assert!(round_robin(&desk(&[], 0), 3, &mut open, &mut last).is_empty());
    }
}
