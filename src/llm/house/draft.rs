//! A turn's changes to the tab while they are worked out: drinks to add and to remove, what
//! was named along the way, what a correction will replace. Turned into tool calls at the
//! end, removals first, so a swap frees the balance before it spends it.

use serde_json::{Value, json};

use super::context::{Context, Line, same_mods};
use super::orders::{Qty, Want};
use crate::bar::menu::Modifier;
use crate::bar::{MAX_QUANTITY, Menu};
use crate::tools::Tool;

/// A drink to add, and whether its count was said (or is the default one).
#[derive(Clone, Debug)]
pub struct Add {
    pub line: Line,
    pub counted: bool,
}

pub struct Draft<'a> {
    /// The guest's whole message, for the recommendation tool: its words are the preference.
    pub text: &'a str,
    pub ctx: &'a Context,
    pub menu: &'a Menu,
    pub adds: Vec<Add>,
    /// (item, how many — None for all, only lines with these modifiers)
    pub removes: Vec<(String, Option<u32>, Vec<String>)>,
    pub say: Vec<String>,
    /// A question for the guest; only the first is asked.
    pub ask: Option<String>,
    /// Drinks named this turn, ordered or not, in order ("my buddy has a negroni, I'll have
    /// the same").
    pub named: Vec<Line>,
    /// Drinks named as if ("if I ordered a martini…", "what if I got two IPAs").
    pub hypo: Vec<Line>,
    /// "no wait", "sorry", "I meant": the next drink replaces the one before.
    pub correcting: bool,
    /// "instead of the IPA": the next drink replaces this one.
    pub instead: Option<Want>,
    /// Other tools to call (menu, recommendation, tab, tip, check), in order.
    pub calls: Vec<(Tool, Value)>,
    /// Modifiers said before any drink ("shaken not stirred, a martini"): (said, said no
    /// to, asked in so many words).
    pub pending: Option<(Vec<String>, Vec<String>, bool)>,
    /// "a round" was asked for; `party` is how many, when said in this message.
    pub round: bool,
    pub party: Option<u32>,
}

impl<'a> Draft<'a> {
    pub fn new(text: &'a str, ctx: &'a Context, menu: &'a Menu) -> Draft<'a> {
        Draft {
            text,
            ctx,
            menu,
            adds: vec![],
            removes: vec![],
            say: vec![],
            ask: None,
            named: vec![],
            hypo: vec![],
            correcting: false,
            instead: None,
            calls: vec![],
            pending: None,
            round: false,
            party: None,
        }
    }

    pub fn ask(&mut self, question: String) {
        self.ask.get_or_insert(question);
    }

    /// Modifiers as the drink can take them: those said no to go; one said no to in a pair
    /// ("not on the rocks") means the other ("neat"); a misfit with a fitting twin ("no ice"
    /// on a whiskey) becomes the twin ("neat"). Anything else goes to the Bar as said, so
    /// it can explain ("a martini shaken and stirred").
    pub fn fit(&self, item: &str, mods: &[String], not_mods: &[String]) -> Vec<String> {
        let Some(found) = self.menu.item(item) else {
            return mods.to_vec();
        };
        let fits = |m: &Modifier| m.fits(found);
        let mut out: Vec<String> = mods
            .iter()
            .filter(|m| !not_mods.contains(m))
            .cloned()
            .collect();
        let chosen = |out: &[String], group: &str| {
            out.iter()
                .filter_map(|n| self.menu.modifier(n))
                .any(|m| m.exclusive.as_deref() == Some(group))
        };
        for n in not_mods {
            let Some(m) = self.menu.modifier(n) else {
                continue;
            };
            let Some(group) = m.exclusive.as_deref() else {
                continue;
            };
            let others: Vec<&Modifier> = self
                .menu
                .modifiers
                .iter()
                .filter(|o| o.name != m.name && o.exclusive.as_deref() == Some(group) && fits(o))
                .collect();
            if others.len() == 1 && !chosen(&out, group) {
                out.push(others[0].name.clone());
            }
        }
        for k in 0..out.len() {
            let Some(m) = self.menu.modifier(&out[k]) else {
                continue;
            };
            if fits(m) {
                continue;
            }
            let twin = self.menu.modifiers.iter().find(|f| {
                fits(f)
                    && f.exclusive.is_some()
                    && self.menu.modifiers.iter().any(|x| {
                        x.name != f.name && x.exclusive == f.exclusive && x.conflicts_with(m)
                    })
                    && !f.conflicts_with(m)
            });
            if let Some(t) = twin {
                let clash = out
                    .iter()
                    .filter_map(|o| self.menu.modifier(o))
                    .any(|o| o.conflicts_with(t));
                if !clash {
                    out[k] = t.name.clone();
                }
            }
        }
        out.dedup();
        out
    }

    /// How many a want asks for, asking the guest when it cannot be known.
    pub fn count(&mut self, w: &Want, item: &str, mods: &[String]) -> Option<u32> {
        let line = Line {
            item: item.to_string(),
            qty: 1,
            mods: mods.to_vec(),
        };
        match w.qty {
            Qty::Default => Some(1),
            Qty::Exact(n) | Qty::Party(Some(n)) => Some(n),
            Qty::Round | Qty::Party(None) => {
                if let Some(n) = self.party.or(self.ctx.party) {
                    return Some(n);
                }
                let before = self
                    .ctx
                    .last_order
                    .iter()
                    .find(|l| l.item == item)
                    .map(|l| l.qty);
                if before.is_some() && w.qty == Qty::Round {
                    return before;
                }
                let q = super::answers::how_many_of_you(&[item.to_string()]);
                self.ask(q);
                None
            }
            Qty::Vague if self.round && self.party.is_some() => self.party,
            Qty::Vague => {
                let q = super::answers::how_many(&line);
                self.ask(q);
                None
            }
            Qty::OneOrTwo => {
                self.ask(super::answers::one_or_two(item));
                None
            }
        }
    }

    /// Add a drink, joining an add of the same drink ("a martini and another martini" is
    /// 2× Martini) but never past the Bar's largest single order: a pasted wall of single
    /// orders stays a batch of orders the Bar takes, and one "25 martinis" stays one order
    /// the Bar can refuse.
    pub fn add(&mut self, mut line: Line, counted: bool) {
        if line.qty == 0 {
            return;
        }
        if let Some(a) = self.adds.iter_mut().rev().find(|a| {
            a.line.item == line.item
                && same_mods(&a.line.mods, &line.mods)
                && a.line.qty < MAX_QUANTITY
        }) {
            let room = MAX_QUANTITY - a.line.qty;
            let take = room.min(line.qty);
            a.line.qty += take;
            line.qty -= take;
            if line.qty == 0 {
                return;
            }
        }
        self.adds.push(Add { line, counted });
    }

    /// Take `qty` (all when None) of `item` off: from this turn's adds first, then the tab.
    pub fn remove(&mut self, item: &str, qty: Option<u32>, mods: &[String]) {
        let mut left = qty;
        let mut took = 0;
        for a in self.adds.iter_mut().rev() {
            if a.line.item != item || !mods.iter().all(|m| a.line.mods.contains(m)) {
                continue;
            }
            let take = left.map_or(a.line.qty, |l| l.min(a.line.qty));
            a.line.qty -= take;
            took += take;
            if let Some(l) = left.as_mut() {
                *l -= take;
            }
        }
        self.adds.retain(|a| a.line.qty > 0);
        if left == Some(0) || (qty.is_none() && took > 0 && self.ctx.on_tab(item, None) == 0) {
            return;
        }
        match self.removes.iter_mut().find(|r| r.0 == item && r.2 == mods) {
            Some(r) => {
                r.1 = match (r.1, left) {
                    (Some(a), Some(b)) => Some(a + b),
                    _ => None,
                }
            }
            None => self.removes.push((item.to_string(), left, mods.to_vec())),
        }
    }

    /// Whether this turn takes anything off.
    pub fn removing_any(&self) -> bool {
        !self.removes.is_empty()
    }

    /// Whether this turn already takes `item` off.
    pub fn removing(&self, item: &str) -> bool {
        self.removes.iter().any(|r| r.0 == item)
    }

    /// The tool calls: removals, then adds, then the rest.
    pub fn calls(&self) -> Vec<(Tool, Value)> {
        let mut out = Vec::new();
        for (item, qty, mods) in &self.removes {
            let mut args = json!({ "item": item });
            if let Some(q) = qty {
                args["quantity"] = json!(q);
            }
            if !mods.is_empty() {
                args["modifiers"] = json!(mods);
            }
            out.push((Tool::RemoveFromTab, args));
        }
        for a in &self.adds {
            let mut args = json!({ "item": a.line.item, "quantity": a.line.qty });
            if !a.line.mods.is_empty() {
                args["modifiers"] = json!(a.line.mods);
            }
            out.push((Tool::AddToTab, args));
        }
        out.extend(self.calls.iter().cloned());
        out
    }
}
