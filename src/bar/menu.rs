//! The menu: items, modifiers, recommendations and the drinks we do not pour. Loaded from
//! `assets/menu.toml` (embedded) or a guest's own file by `menu_toml.rs`, validated with line
//! numbers.

use std::collections::HashMap;

use serde::Serialize;

use super::text::fold;
use crate::assets::BUILTIN_MENU;
use crate::money::Cents;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Category {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    pub name: String,
    pub category: String,
    pub price: Cents,
    pub description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Modifier {
    pub name: String,
    pub glossary: String,
    /// Category ids or item names this modifier fits.
    pub applies_to: Vec<String>,
    /// At most one modifier of the same group goes on a drink ("neat" and "on the rocks").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclusive: Option<String>,
    /// Modifiers from other groups that contradict this one ("neat" and "extra ice"). The
    /// relation is symmetric: declaring it on either side is enough.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

impl Modifier {
    pub fn fits(&self, item: &Item) -> bool {
        self.applies_to
            .iter()
            .any(|a| a == &item.category || a.eq_ignore_ascii_case(&item.name))
    }

    /// Whether a drink cannot be both: the same exclusive group, or a declared conflict.
    pub fn conflicts_with(&self, other: &Modifier) -> bool {
        self.name != other.name
            && ((self.exclusive.is_some() && self.exclusive == other.exclusive)
                || self.conflicts.contains(&other.name)
                || other.conflicts.contains(&self.name))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Preference {
    pub name: String,
    pub words: Vec<String>,
    pub items: Vec<String>,
    /// A suggested modifier per item ("Whiskey" → "neat").
    pub modifiers: HashMap<String, String>,
    pub say: String,
}

/// A recommendation: which preference matched (None: the popular picks) and the drinks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    pub preference: Option<String>,
    pub say: String,
    pub picks: Vec<Pick>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Pick {
    pub item: String,
    /// Serialized as "$10.00": this is read by models, which take bare cents for dollars.
    #[serde(serialize_with = "crate::money::as_text::serialize")]
    pub price: Cents,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
}

/// Why a name did not resolve to a menu item, with what to offer instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotOnMenu {
    pub query: String,
    /// Near misses ("negroi" → Negroni) or, for a known off-menu drink, the closest we pour.
    pub suggestions: Vec<String>,
    /// True when the drink is a real drink we simply do not pour ("mojito").
    pub off_menu: bool,
    /// Edits between the query and the closest suggestion's name (0 for a drink we do not
    /// pour, `usize::MAX` without suggestions): how sure the near miss is.
    pub distance: usize,
}

#[derive(Clone, Debug)]
pub struct Menu {
    pub categories: Vec<Category>,
    pub items: Vec<Item>,
    pub modifiers: Vec<Modifier>,
    pub preferences: Vec<Preference>,
    pub popular: Preference,
    /// Drinks we do not pour (folded names) and what to offer instead.
    pub(super) off_menu: Vec<(Vec<String>, Vec<String>)>,
    /// Folded names and aliases → item index.
    pub(super) index: HashMap<String, usize>,
    /// Folded modifier names and aliases → modifier index.
    pub(super) modifier_index: HashMap<String, usize>,
}

/// A menu that cannot be used: where, and why. `line` 0 means the file as a whole (it could
/// not be read), and is not printed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}: {}{message}", if *line > 0 { format!("line {line}: ") } else { String::new() })]
pub struct MenuError {
    pub source_name: String,
    pub line: usize,
    pub message: String,
}

impl Menu {
    /// The built-in MOK 5-ha menu. It is validated by tests, so failing here is a build defect.
    pub fn builtin() -> Menu {
        match Menu::from_toml(BUILTIN_MENU, "assets/menu.toml") {
            Ok(menu) => menu,
            Err(e) => panic!("the built-in menu is invalid: {e}"),
        }
    }

    /// Load a guest's menu file.
    pub fn from_file(path: &std::path::Path) -> Result<Menu, MenuError> {
        let text =
            crate::read_limit::read_to_string(path, crate::read_limit::MENU).map_err(|e| {
                MenuError {
                    source_name: path.display().to_string(),
                    line: 0,
                    message: format!("cannot read the menu file: {e}"),
                }
            })?;
        Menu::from_toml(&text, &path.display().to_string())
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        let folded = fold(id);
        self.categories
            .iter()
            .find(|c| c.id == folded || fold(&c.name) == folded)
    }

    pub fn items_in<'a>(&'a self, category: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.items.iter().filter(move |i| i.category == category)
    }

    pub fn item(&self, name: &str) -> Option<&Item> {
        self.find(name).ok()
    }

    pub fn modifiers_for(&self, item: &Item) -> Vec<&Modifier> {
        self.modifiers.iter().filter(|m| m.fits(item)).collect()
    }
}

#[cfg(test)]
#[path = "menu_tests.rs"]
mod tests;
