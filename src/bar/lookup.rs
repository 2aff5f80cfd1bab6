//! Forgiving name matching for the menu: the menu's own lookups (names, aliases, plurals,
//! modifiers written into a name, drinks we do not pour, near misses), built on the text helpers
//! in `text.rs`.

use super::menu::{Item, Menu, Modifier, NotOnMenu};
use super::text::{edit_distance, fold, scored_suggestions_for, singular_forms};

/// What some words name on the menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Named<'a> {
    Item {
        item: &'a Item,
        plural: bool,
    },
    /// A drink we do not pour, and the closest we do.
    OffMenu {
        name: String,
        instead: &'a [String],
    },
}

impl Menu {
    /// Forgiving lookup: case, accents, punctuation, aliases and plurals ("Martinis",
    /// "iced teas", "whiskies", "old-fashioned").
    pub fn find(&self, query: &str) -> Result<&Item, NotOnMenu> {
        let folded = fold(query);
        for candidate in singular_forms(&folded) {
            if let Some(&i) = self.index.get(&candidate) {
                return Ok(&self.items[i]);
            }
        }
        Err(self.not_on_menu(query, &folded))
    }

    /// Like [`Menu::find`], but also peels modifiers written into the name: "dirty martini" →
    /// (Martini, [dirty]); "whisky on the rocks" → (Whiskey, [on the rocks]).
    pub fn find_with_modifiers(&self, query: &str) -> Result<(&Item, Vec<String>), NotOnMenu> {
        if let Ok(item) = self.find(query) {
            return Ok((item, vec![]));
        }
        let folded = fold(query);
        let mut rest = folded.clone();
        let mut peeled = Vec::new();
        // Longest modifier names first so "on the rocks" wins over "rocks".
        let mut keys: Vec<(&String, &usize)> = self.modifier_index.iter().collect();
        keys.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        // Peel one modifier at a time, always trying the longest names first again, so
        // "negroni on the rocks no ice" loses "no ice", then "on the rocks" (not "rocks").
        while let Some((r, mi)) = keys.iter().find_map(|&(key, &mi)| {
            let r = rest
                .strip_prefix(key.as_str())
                .filter(|r| r.starts_with(' '))
                .or_else(|| rest.strip_suffix(key.as_str()).filter(|r| r.ends_with(' ')))?;
            Some((r.trim().to_string(), mi))
        }) {
            rest = r;
            let name = &self.modifiers[mi].name;
            if !peeled.contains(name) {
                peeled.push(name.clone());
            }
        }
        if !peeled.is_empty()
            && let Ok(item) = self.find(&rest)
        {
            return Ok((item, peeled));
        }
        Err(self.not_on_menu(query, &folded))
    }

    fn not_on_menu(&self, query: &str, folded: &str) -> NotOnMenu {
        let forms = singular_forms(folded);
        if let Some((_, instead)) = self
            .off_menu
            .iter()
            .find(|(names, _)| forms.iter().any(|f| names.contains(f)))
        {
            return NotOnMenu {
                query: query.to_string(),
                suggestions: instead.clone(),
                off_menu: true,
                distance: 0,
            };
        }
        let keys = self
            .index
            .iter()
            .map(|(k, &i)| (k.as_str(), self.items[i].name.as_str()));
        let (suggestions, distance) = scored_suggestions_for(folded, keys);
        NotOnMenu {
            query: query.to_string(),
            suggestions,
            off_menu: false,
            distance,
        }
    }

    /// What `folded` names exactly: an item by a name or alias (or a plural of one: `plural`
    /// says which), or a drink we do not pour.
    pub fn named(&self, folded: &str) -> Option<Named<'_>> {
        for (k, candidate) in singular_forms(folded).iter().enumerate() {
            if let Some(&i) = self.index.get(candidate) {
                return Some(Named::Item {
                    item: &self.items[i],
                    plural: k > 0,
                });
            }
        }
        let forms = singular_forms(folded);
        self.off_menu
            .iter()
            .find(|(names, _)| forms.iter().any(|f| names.contains(f)))
            .map(|(_, instead)| Named::OffMenu {
                name: folded.to_string(),
                instead,
            })
    }

    /// The one name `folded` is a misspelling of, and how many edits away: "negorni" →
    /// Negroni (1), "long islnd iced tea" → Long Island (1), "margherita" → a drink we do not
    /// pour. Short words are never guessed at (a "bear" stays a bear, "run" is not rum): a
    /// single word needs five letters for one edit and seven for two, and a name of several
    /// words needs one of them spelt right. Two different drinks equally near is no answer.
    pub fn misspelt(&self, folded: &str) -> Option<(Named<'_>, usize)> {
        let words: Vec<&str> = folded.split(' ').collect();
        let letters: usize = words.iter().map(|w| w.chars().count()).sum();
        let tolerance = match letters {
            0..=4 => return None,
            5..=6 => 1,
            _ => 2,
        };
        let forms = singular_forms(folded);
        let items = self.index.iter().map(|(k, &i)| (k.as_str(), Some(i), None));
        let off = self.off_menu.iter().flat_map(|(names, instead)| {
            names.iter().map(move |n| (n.as_str(), None, Some(instead)))
        });
        // (edits, item index or None for a drink we do not pour, its alternatives, plural)
        type Best<'m> = Option<(usize, Option<usize>, Option<&'m Vec<String>>, bool)>;
        let mut best: Best = None;
        let mut tied = false;
        for (key, item, instead) in items.chain(off) {
            let key_words: Vec<&str> = key.split(' ').collect();
            if key_words.len() != words.len() {
                continue;
            }
            for (k, f) in forms.iter().enumerate() {
                let f_words: Vec<&str> = f.split(' ').collect();
                if words.len() > 1 && !f_words.iter().zip(&key_words).any(|(a, b)| a == b) {
                    continue;
                }
                let d = edit_distance(f, key);
                if d == 0 || d > tolerance {
                    continue;
                }
                match best {
                    Some((bd, bi, bo, _)) if bd == d => {
                        tied |= bi != item || (bo.is_some() && instead.is_some() && bo != instead);
                    }
                    Some((bd, ..)) if bd < d => {}
                    _ => {
                        best = Some((d, item, instead, k > 0));
                        tied = false;
                    }
                }
            }
        }
        match best {
            Some(_) if tied => None,
            Some((d, Some(i), _, plural)) => Some((
                Named::Item {
                    item: &self.items[i],
                    plural,
                },
                d,
            )),
            Some((d, None, Some(instead), _)) => Some((
                Named::OffMenu {
                    name: folded.to_string(),
                    instead,
                },
                d,
            )),
            _ => None,
        }
    }

    /// The canonical modifier for a name or alias ("rocks" → "on the rocks").
    pub fn modifier(&self, name: &str) -> Option<&Modifier> {
        self.modifier_index
            .get(&fold(name))
            .map(|&i| &self.modifiers[i])
    }
}
