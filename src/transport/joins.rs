//! Joins across files, made once every part is in (and before repeats are dropped, so
//! that each part's items are still where it put them): the same for the page, the
//! command line and an export's reader, whatever order the files came in.
//!
//! - Titles: every file's claims (`model::TitleClaim`) in path order, then line order;
//!   a claim of a higher rank wins, and within a rank the last one. A `summary` line's
//!   claim is for the conversation that holds its leaf line where that line was read
//!   first (its event, or a line read without one).
//! - Codex child rollouts (`model::ReplayLead`): with the parent's sequence of token
//!   events among the files (its longest copy), the child's leading events that repeat
//!   it in order are its replay; without it, a leading run of events within one second
//!   (written at the moment of the fork) is. The replay's requests are taken out.

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};

use super::repeats::InOrderRepeats;
use crate::model::{Agent, ClaimTarget, ConversationId, Dataset, LeadToken, ReplayLead};

/// Sets each conversation's title from the claims.
pub fn join_titles(merged: &mut Dataset, conversation_ids: &HashMap<(Agent, String), ConversationId>, repeats: &InOrderRepeats) {
    if merged.title_claims.is_empty() {
        return;
    }
    let leaves = leaf_owners(merged, repeats);
    let mut order: Vec<usize> = (0..merged.title_claims.len()).collect();
    // Stable: within a rank, claims stay in the order read.
    order.sort_by_key(|at| merged.title_claims[*at].rank);
    for at in order {
        let claim = &merged.title_claims[at];
        let target = match &claim.target {
            ClaimTarget::Conversation(agent, key) => conversation_ids.get(&(*agent, key.clone())).copied(),
            ClaimTarget::Leaf(line) => leaves.get(&line.0).copied(),
        };
        if let Some(id) = target {
            merged.conversations[id.0 as usize].title = Some(claim.title.clone());
        }
    }
}

/// The conversation of each leaf line a claim names, where it was read first: walking
/// the parts in order, their events and their lines without events.
fn leaf_owners(merged: &Dataset, repeats: &InOrderRepeats) -> FxHashMap<u64, ConversationId> {
    let wanted: FxHashSet<u64> = merged
        .title_claims
        .iter()
        .filter_map(|claim| match claim.target {
            ClaimTarget::Leaf(line) => Some(line.0),
            ClaimTarget::Conversation(..) => None,
        })
        .collect();
    let mut owners: FxHashMap<u64, ConversationId> = FxHashMap::default();
    if wanted.is_empty() {
        return owners;
    }
    for part in &repeats.parts {
        let events = merged.events[part.events.clone()].iter().map(|event| (event.line.0, event.conversation));
        let eventless = merged.eventless_lines[part.eventless.clone()].iter().map(|line| (line.line.0, line.conversation));
        // A file reads each line once: all of a line's events (and never a line without
        // events as well) are of one conversation.
        for (line, conversation) in events.chain(eventless).filter(|(line, _)| wanted.contains(line)) {
            owners.entry(line).or_insert(conversation);
        }
        if owners.len() == wanted.len() {
            break;
        }
    }
    owners
}

/// The requests (by index as appended) that child rollouts replayed.
pub fn replayed_requests(merged: &Dataset) -> FxHashSet<u32> {
    let mut removed = FxHashSet::default();
    if merged.replays.is_empty() {
        return removed;
    }
    let mut sequences: FxHashMap<&str, &[u64]> = FxHashMap::default();
    for sequence in &merged.usage_sequences {
        let longest = sequences.entry(sequence.session.as_str()).or_insert(&[]);
        if sequence.deltas.len() > longest.len() {
            *longest = &sequence.deltas;
        }
    }
    for lead in &merged.replays {
        let is_own = lead.session.as_deref() == Some(lead.parent.as_str());
        let parent = sequences.get(lead.parent.as_str()).copied().filter(|deltas| !deltas.is_empty() && !is_own);
        removed.extend(replay_of(lead, parent).iter().filter_map(|token| token.request));
    }
    removed
}

/// The child's leading token events that are its replay.
fn replay_of<'l>(lead: &'l ReplayLead, parent: Option<&[u64]>) -> &'l [LeadToken] {
    let count = match parent {
        Some(deltas) => lead.tokens.iter().zip(deltas).take_while(|(token, delta)| token.delta == **delta).count(),
        None => match lead.tokens.as_slice() {
            [first, second, ..] if first.second == second.second => lead.tokens.iter().take_while(|token| token.second == first.second).count(),
            _ => 0,
        },
    };
    &lead.tokens[..count]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(delta: u64, second: i64, request: u32) -> LeadToken {
        LeadToken { delta, second, request: Some(request) }
    }

    #[test]
    fn with_the_parent_the_leading_events_that_repeat_its_sequence_are_replay() {
        let lead = ReplayLead { parent: String::from("p"), session: None, tokens: vec![token(1, 10, 0), token(2, 10, 1), token(9, 10, 2), token(3, 50, 3)] };
        assert_eq!(replay_of(&lead, Some(&[1, 2, 3])).len(), 2, "the sequence ends the replay at its first difference");
        assert_eq!(replay_of(&lead, Some(&[5])).len(), 0);
    }

    #[test]
    fn without_the_parent_a_leading_run_within_one_second_is_replay() {
        let same_second =
            ReplayLead { parent: String::from("p"), session: None, tokens: vec![token(1, 10, 0), token(2, 10, 1), token(3, 10, 2), token(4, 11, 3)] };
        assert_eq!(replay_of(&same_second, None).len(), 3);
        let apart = ReplayLead { parent: String::from("p"), session: None, tokens: vec![token(1, 10, 0), token(2, 12, 1)] };
        assert_eq!(replay_of(&apart, None).len(), 0, "two events in different seconds are the child's own work");
        let single = ReplayLead { parent: String::from("p"), session: None, tokens: vec![token(1, 10, 0)] };
        assert_eq!(replay_of(&single, None).len(), 0, "a single event is the child's own");
    }
}
