//! The menu: items, modifiers, recommendations and the drinks we do not pour. Loaded from
//! `assets/menu.toml` (embedded) or a guest's own file, validated with line numbers.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

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

// ---- file format ---------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MenuFile {
    #[serde(default)]
    category: Vec<Spanned<CategoryFile>>,
    #[serde(default)]
    item: Vec<Spanned<ItemFile>>,
    #[serde(default)]
    modifier: Vec<Spanned<ModifierFile>>,
    #[serde(default)]
    preference: Vec<Spanned<PreferenceFile>>,
    popular: Option<Spanned<PreferenceFile>>,
    #[serde(default)]
    off_menu: Vec<Spanned<OffMenuFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    id: String,
    name: String,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemFile {
    name: String,
    category: Spanned<String>,
    price: Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModifierFile {
    name: String,
    #[serde(default)]
    glossary: String,
    applies_to: Vec<Spanned<String>>,
    exclusive: Option<String>,
    #[serde(default)]
    conflicts: Vec<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PreferenceFile {
    #[serde(default)]
    name: String,
    #[serde(default)]
    words: Vec<String>,
    items: Vec<Spanned<String>>,
    #[serde(default)]
    modifiers: HashMap<String, String>,
    #[serde(default)]
    say: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OffMenuFile {
    names: Vec<String>,
    instead: Vec<Spanned<String>>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
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

    pub fn from_toml(text: &str, source_name: &str) -> Result<Menu, MenuError> {
        let err = |offset: usize, message: String| MenuError {
            source_name: source_name.to_string(),
            line: line_of(text, offset),
            message,
        };
        let file: MenuFile = toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            // The message may quote the file.
            let message = crate::security::terminal::sanitize_line(e.message().trim());
            err(offset, message.into_owned())
        })?;
        // Every text of a menu is shown (the table, the tab, Maya's lines): plain text only.
        let table: toml::Table = toml::from_str(text).unwrap_or_default();
        if let Some((message, bad)) = crate::config::unprintable(&table, false) {
            // Raw in the file: its line. Written as an escape: the key says where.
            return Err(match text.find(bad) {
                Some(offset) => err(offset, message),
                None => MenuError {
                    source_name: source_name.to_string(),
                    line: 0,
                    message,
                },
            });
        }

        let mut categories = Vec::new();
        for c in file.category {
            let span = c.span();
            let c = c.into_inner();
            if categories.iter().any(|x: &Category| x.id == c.id) {
                return Err(err(
                    span.start,
                    format!("category `{}` is defined twice", c.id),
                ));
            }
            categories.push(Category {
                id: c.id,
                name: c.name,
                note: c.note,
            });
        }

        let mut items: Vec<Item> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for it in file.item {
            let span = it.span();
            let it = it.into_inner();
            if it.name.trim().is_empty() {
                return Err(err(span.start, "an item has an empty name".into()));
            }
            if !categories.iter().any(|c| c.id == *it.category.get_ref()) {
                return Err(err(
                    it.category.span().start,
                    format!(
                        "item `{}` names the unknown category `{}`",
                        it.name,
                        it.category.get_ref()
                    ),
                ));
            }
            let price = Cents::parse(it.price.get_ref())
                .map_err(|e| err(it.price.span().start, format!("item `{}`: {e}", it.name)))?;
            if !price.is_positive() {
                return Err(err(
                    it.price.span().start,
                    format!("item `{}` must cost more than $0.00", it.name),
                ));
            }
            let idx = items.len();
            for key in std::iter::once(&it.name).chain(&it.aliases) {
                let folded = fold(key);
                if let Some(&other) = index.get(&folded)
                    && other != idx
                {
                    return Err(err(
                        span.start,
                        format!(
                            "`{key}` of item `{}` is already a name of `{}`",
                            it.name, items[other].name
                        ),
                    ));
                }
                index.insert(folded, idx);
            }
            items.push(Item {
                name: it.name,
                category: it.category.into_inner(),
                price,
                description: it.description,
                aliases: it.aliases,
            });
        }
        if items.is_empty() {
            return Err(err(0, "the menu has no items".into()));
        }

        let known_target = |name: &str| {
            categories.iter().any(|c| c.id == name)
                || items.iter().any(|i| i.name.eq_ignore_ascii_case(name))
        };
        let mut modifiers = Vec::new();
        let mut modifier_index = HashMap::new();
        let mut conflicts: Vec<(String, Spanned<String>)> = Vec::new();
        for m in file.modifier {
            let span = m.span();
            let m = m.into_inner();
            for target in &m.applies_to {
                if !known_target(target.get_ref()) {
                    return Err(err(
                        target.span().start,
                        format!(
                            "modifier `{}` applies to `{}`, which is neither a category nor an item",
                            m.name,
                            target.get_ref()
                        ),
                    ));
                }
            }
            let idx = modifiers.len();
            for key in std::iter::once(&m.name).chain(&m.aliases) {
                if modifier_index.insert(fold(key), idx).is_some() {
                    return Err(err(
                        span.start,
                        format!("modifier name `{key}` is used twice"),
                    ));
                }
            }
            conflicts.extend(m.conflicts.iter().map(|c| (m.name.clone(), c.clone())));
            modifiers.push(Modifier {
                name: m.name,
                glossary: m.glossary,
                applies_to: m.applies_to.into_iter().map(Spanned::into_inner).collect(),
                exclusive: m.exclusive,
                conflicts: vec![],
                aliases: m.aliases,
            });
        }
        for (owner, other) in conflicts {
            let Some(target) = modifiers
                .iter()
                .position(|x| x.name.eq_ignore_ascii_case(other.get_ref()))
            else {
                return Err(err(
                    other.span().start,
                    format!(
                        "modifier `{owner}` conflicts with `{}`, which is not a modifier",
                        other.get_ref()
                    ),
                ));
            };
            let canonical = modifiers[target].name.clone();
            if let Some(m) = modifiers.iter_mut().find(|x| x.name == owner) {
                m.conflicts.push(canonical);
            }
        }

        let item_name = |s: &Spanned<String>| -> Result<String, MenuError> {
            items
                .iter()
                .find(|i| i.name.eq_ignore_ascii_case(s.get_ref()))
                .map(|i| i.name.clone())
                .ok_or_else(|| err(s.span().start, format!("unknown item `{}`", s.get_ref())))
        };
        let convert = |p: PreferenceFile| -> Result<Preference, MenuError> {
            Ok(Preference {
                items: p.items.iter().map(item_name).collect::<Result<_, _>>()?,
                name: p.name,
                words: p.words.iter().map(|w| fold(w)).collect(),
                modifiers: p.modifiers,
                say: p.say,
            })
        };
        let preferences = file
            .preference
            .into_iter()
            .map(|p| convert(p.into_inner()))
            .collect::<Result<Vec<_>, _>>()?;
        let popular = match file.popular {
            Some(p) => convert(p.into_inner())?,
            None => Preference {
                name: "popular".into(),
                words: vec![],
                items: items.iter().take(4).map(|i| i.name.clone()).collect(),
                modifiers: HashMap::new(),
                say: "a few favourites".into(),
            },
        };
        let off_menu = file
            .off_menu
            .into_iter()
            .map(|o| {
                let o = o.into_inner();
                let instead = o.instead.iter().map(item_name).collect::<Result<_, _>>()?;
                Ok((o.names.iter().map(|n| fold(n)).collect(), instead))
            })
            .collect::<Result<Vec<_>, MenuError>>()?;

        Ok(Menu {
            categories,
            items,
            modifiers,
            preferences,
            popular,
            off_menu,
            index,
            modifier_index,
        })
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
