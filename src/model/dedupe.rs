//! The dedupe rule (spec section 2), written once: the ingest applies it within a file
//! and the merge across files (`transport::repeats`), so that a repeat counts once
//! wherever its two copies meet.
//!
//! - A line whose key was read before is a repeat (the first copy stays).
//! - A request with the key of an earlier one (the same message and request ids) is the
//!   same response: one request, the record with more tokens (streamed lines repeat
//!   their usage, early ones with partial output); equal counts keep the earlier.
//! - A request with only the message id of an earlier one, once on the main chain and
//!   once on a sidechain, is a side question (`/btw`) replaying the parent's message:
//!   the main chain's copy stays.

use rustc_hash::FxHashMap;

use super::usage::Request;

/// What to do with a later request that repeats an earlier one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repeat {
    /// The earlier record stays as it is.
    KeepEarlier,
    /// The later record takes the earlier one's place.
    TakeLater,
}

/// How a later request was found to match an earlier one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    /// The same message and request ids.
    Request,
    /// The same message id only.
    Message,
}

/// Whether `later` repeats `earlier` (found by `found`), and which record stays.
pub fn repeat(earlier: &Request, later: &Request, found: Match) -> Option<Repeat> {
    match found {
        Match::Request => Some(if later.usage.total_tokens() > earlier.usage.total_tokens() { Repeat::TakeLater } else { Repeat::KeepEarlier }),
        Match::Message if earlier.is_sidechain != later.is_sidechain => Some(if earlier.is_sidechain { Repeat::TakeLater } else { Repeat::KeepEarlier }),
        Match::Message => None,
    }
}

/// The requests kept so far, by their keys: where a later request's earlier copy is.
#[derive(Debug, Default)]
pub struct RequestIndex {
    by_request: FxHashMap<u64, u32>,
    by_message: FxHashMap<u64, u32>,
}

impl RequestIndex {
    /// The kept request `request` repeats (by `earlier`, which gives a kept request by
    /// its index), and which record stays. A request without keys repeats nothing.
    pub fn find<'r>(&self, request: &Request, earlier: impl Fn(u32) -> &'r Request) -> Option<(u32, Repeat)> {
        if request.keys.is_none() {
            return None;
        }
        if let Some(&index) = self.by_request.get(&request.keys.request) {
            return repeat(earlier(index), request, Match::Request).map(|choice| (index, choice));
        }
        let index = *self.by_message.get(&request.keys.message)?;
        repeat(earlier(index), request, Match::Message).map(|choice| (index, choice))
    }

    /// Notes a request kept at `index`.
    pub fn note_kept(&mut self, request: &Request, index: u32) {
        if request.keys.is_none() {
            return;
        }
        self.by_request.insert(request.keys.request, index);
        self.by_message.entry(request.keys.message).or_insert(index);
    }

    /// Notes a request found to repeat the one at `index`: its own key leads there too.
    pub fn note_repeat(&mut self, request: &Request, index: u32) {
        if !request.keys.is_none() {
            self.by_request.insert(request.keys.request, index);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConversationId, RequestKey, TextId, TokenUsage};

    fn request(message: &str, request: &str, output_tokens: u64, is_sidechain: bool) -> Request {
        let usage = TokenUsage { output_tokens, ..TokenUsage::default() };
        Request::read(0, ConversationId(0), TextId(0), usage, is_sidechain, RequestKey::of(message, request))
    }

    #[test]
    fn the_same_response_keeps_the_record_with_more_tokens() {
        let (short, long) = (request("m", "r", 5, false), request("m", "r", 9, false));
        assert_eq!(repeat(&short, &long, Match::Request), Some(Repeat::TakeLater));
        assert_eq!(repeat(&long, &short, Match::Request), Some(Repeat::KeepEarlier));
        assert_eq!(repeat(&long, &long.clone(), Match::Request), Some(Repeat::KeepEarlier), "equal counts keep the first");
    }

    #[test]
    fn a_side_question_s_replay_gives_way_to_the_main_chain() {
        let (main, side) = (request("m", "r1", 5, false), request("m", "r2", 5, true));
        assert_eq!(repeat(&side, &main, Match::Message), Some(Repeat::TakeLater));
        assert_eq!(repeat(&main, &side, Match::Message), Some(Repeat::KeepEarlier));
        assert_eq!(repeat(&main, &request("m", "r3", 5, false), Match::Message), None, "two main-chain requests are two");
    }

    #[test]
    fn the_index_finds_by_request_then_by_message_and_remembers_repeats() {
        let kept = [request("m", "r1", 5, true)];
        let mut index = RequestIndex::default();
        index.note_kept(&kept[0], 0);
        let main = request("m", "r2", 5, false);
        assert_eq!(index.find(&main, |at| &kept[at as usize]), Some((0, Repeat::TakeLater)));
        index.note_repeat(&main, 0);
        let again = request("m", "r2", 7, false);
        assert_eq!(index.find(&again, |at| &kept[at as usize]).map(|(at, _)| at), Some(0), "by its own request key now");
        let keyless = Request::read(0, ConversationId(0), TextId(0), TokenUsage::default(), false, RequestKey::NONE);
        assert_eq!(index.find(&keyless, |at| &kept[at as usize]), None);
    }
}
