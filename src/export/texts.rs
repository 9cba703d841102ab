//! The export's table of texts: tool names, models, and the targets of tool calls as
//! the redaction leaves them (a file path hashed or not, a command whole or cut to its
//! summary). A dataset text can stand in several roles, so each role maps it apart.

use crate::metrics::commands;
use crate::model::keys::hashed_path;
use crate::model::{Interner, Target, TextId, Texts};

use super::schema::Redaction;

#[derive(Clone, Copy, Debug)]
enum Role {
    Plain,
    File,
    Command,
}

/// Export ids of the dataset's texts: the texts used are marked first, then numbered
/// in the dataset's order (so sums kept by text id add up in the same order after the
/// export is loaded, to the last bit).
pub struct ExportTexts<'a> {
    source: &'a Texts,
    redaction: Redaction,
    /// Per role, the export id of each dataset text (`UNUSED`, or `MARKED` before
    /// `number`).
    ids: [Vec<u32>; 3],
    table: Interner,
}

const UNUSED: u32 = u32::MAX;
const MARKED: u32 = u32::MAX - 1;

impl<'a> ExportTexts<'a> {
    pub fn new(source: &'a Texts, redaction: Redaction) -> Self {
        let unused = vec![UNUSED; source.len()];
        ExportTexts { source, redaction, ids: [unused.clone(), unused.clone(), unused], table: Interner::default() }
    }

    fn mark(&mut self, role: Role, id: TextId) {
        self.ids[role as usize][id.0 as usize] = MARKED;
    }

    /// Marks a tool name or model id as used.
    pub fn mark_plain(&mut self, id: TextId) {
        self.mark(Role::Plain, id);
    }

    /// Marks a call's target as used.
    pub fn mark_target(&mut self, target: Target) {
        match target {
            Target::File(id) => self.mark(Role::File, id),
            Target::Command(id) => self.mark(Role::Command, id),
        }
    }

    /// Numbers the marked texts, in the dataset's order, as the redaction shows them.
    pub fn number(&mut self) {
        for index in 0..self.source.len() {
            for role in [Role::Plain, Role::File, Role::Command] {
                if self.ids[role as usize][index] != MARKED {
                    continue;
                }
                let text = self.source.get(TextId(index as u32));
                let shown = match role {
                    Role::File if self.redaction.hash_paths => self.table.intern(&hashed_path(text)),
                    Role::Command if !self.redaction.include_text => self.table.intern(&commands::summary(text)),
                    _ => self.table.intern(text),
                };
                self.ids[role as usize][index] = shown.0;
            }
        }
    }

    /// The export id of a tool name or model id (marked, then numbered).
    pub fn plain(&self, id: TextId) -> u32 {
        self.ids[Role::Plain as usize][id.0 as usize]
    }

    /// The export id of a call's target.
    pub fn target(&self, target: Target) -> u32 {
        match target {
            Target::File(id) => self.ids[Role::File as usize][id.0 as usize],
            Target::Command(id) => self.ids[Role::Command as usize][id.0 as usize],
        }
    }

    /// The texts in export id order.
    pub fn texts(&self) -> &Texts {
        self.table.texts()
    }
}
