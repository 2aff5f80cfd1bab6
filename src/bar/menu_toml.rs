//! The menu file: its TOML format and `Menu::from_toml`, which reads it in steps, each
//! section checked against the ones before it, every error with its line.

use std::collections::HashMap;

use serde::Deserialize;
use toml::Spanned;

use super::menu::{Category, Item, Menu, MenuError, Modifier, Preference};
use super::text::fold;
use crate::money::Cents;

impl Menu {
    pub fn from_toml(text: &str, source_name: &str) -> Result<Menu, MenuError> {
        let src = Source {
            text,
            name: source_name,
        };
        let file = src.parse()?;
        let categories = categories(&src, file.category)?;
        let (items, index) = items(&src, file.item, &categories)?;
        let (modifiers, modifier_index) = modifiers(&src, file.modifier, &categories, &items)?;
        let preferences = file
            .preference
            .into_iter()
            .map(|p| preference(&src, &items, p.into_inner()))
            .collect::<Result<Vec<_>, _>>()?;
        let popular = match file.popular {
            Some(p) => preference(&src, &items, p.into_inner())?,
            None => Preference {
                name: "popular".into(),
                words: vec![],
                items: items.iter().take(4).map(|i| i.name.clone()).collect(),
                modifiers: HashMap::new(),
                say: "a few favourites".into(),
            },
        };
        let off_menu = off_menu(&src, &items, file.off_menu)?;

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

// ---- loading -------------------------------------------------------------------------------
// `Menu::from_toml` in steps, each section checked against the ones before it: categories,
// items (names and aliases unique), modifiers (targets and conflicts known), then the
// recommendations and off-menu drinks, which name items.

/// The menu's text and where it came from, to say where it is wrong.
struct Source<'a> {
    text: &'a str,
    name: &'a str,
}

impl Source<'_> {
    fn err(&self, offset: usize, message: String) -> MenuError {
        MenuError {
            source_name: self.name.to_string(),
            line: line_of(self.text, offset),
            message,
        }
    }

    /// The file's sections, strictly typed, with every text in them printable.
    fn parse(&self) -> Result<MenuFile, MenuError> {
        let file: MenuFile = toml::from_str(self.text).map_err(|e| {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            // The message may quote the file.
            let message = crate::terminal::sanitize_line(e.message().trim());
            self.err(offset, message.into_owned())
        })?;
        // Every text of a menu is shown (the table, the tab, Maya's lines): plain text only.
        let table: toml::Table = toml::from_str(self.text).unwrap_or_default();
        if let Some((message, bad)) = crate::toml_plain::unprintable(&table, false) {
            // Raw in the file: its line. Written as an escape: the key says where.
            return Err(match self.text.find(bad) {
                Some(offset) => self.err(offset, message),
                None => MenuError {
                    source_name: self.name.to_string(),
                    line: 0,
                    message,
                },
            });
        }
        Ok(file)
    }
}

fn categories(src: &Source, file: Vec<Spanned<CategoryFile>>) -> Result<Vec<Category>, MenuError> {
    let mut categories = Vec::new();
    for c in file {
        let span = c.span();
        let c = c.into_inner();
        if categories.iter().any(|x: &Category| x.id == c.id) {
            return Err(src.err(span.start, format!("category `{}` is defined twice", c.id)));
        }
        categories.push(Category {
            id: c.id,
            name: c.name,
            note: c.note,
        });
    }
    Ok(categories)
}

/// The items, and their folded names and aliases → item index.
fn items(
    src: &Source,
    file: Vec<Spanned<ItemFile>>,
    categories: &[Category],
) -> Result<(Vec<Item>, HashMap<String, usize>), MenuError> {
    let mut items: Vec<Item> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for it in file {
        let span = it.span();
        let it = it.into_inner();
        if it.name.trim().is_empty() {
            return Err(src.err(span.start, "an item has an empty name".into()));
        }
        if !categories.iter().any(|c| c.id == *it.category.get_ref()) {
            return Err(src.err(
                it.category.span().start,
                format!(
                    "item `{}` names the unknown category `{}`",
                    it.name,
                    it.category.get_ref()
                ),
            ));
        }
        let price = Cents::parse(it.price.get_ref())
            .map_err(|e| src.err(it.price.span().start, format!("item `{}`: {e}", it.name)))?;
        if !price.is_positive() {
            return Err(src.err(
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
                return Err(src.err(
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
        return Err(src.err(0, "the menu has no items".into()));
    }
    Ok((items, index))
}

/// The modifiers, with their conflicts named canonically, and their folded names and
/// aliases → modifier index.
fn modifiers(
    src: &Source,
    file: Vec<Spanned<ModifierFile>>,
    categories: &[Category],
    items: &[Item],
) -> Result<(Vec<Modifier>, HashMap<String, usize>), MenuError> {
    let known_target = |name: &str| {
        categories.iter().any(|c| c.id == name)
            || items.iter().any(|i| i.name.eq_ignore_ascii_case(name))
    };
    let mut modifiers = Vec::new();
    let mut modifier_index = HashMap::new();
    let mut conflicts: Vec<(String, Spanned<String>)> = Vec::new();
    for m in file {
        let span = m.span();
        let m = m.into_inner();
        for target in &m.applies_to {
            if !known_target(target.get_ref()) {
                return Err(src.err(
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
                return Err(src.err(span.start, format!("modifier name `{key}` is used twice")));
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
            return Err(src.err(
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
    Ok((modifiers, modifier_index))
}

/// An item named in a recommendation or an off-menu entry, as the menu spells it.
fn item_name(src: &Source, items: &[Item], s: &Spanned<String>) -> Result<String, MenuError> {
    items
        .iter()
        .find(|i| i.name.eq_ignore_ascii_case(s.get_ref()))
        .map(|i| i.name.clone())
        .ok_or_else(|| src.err(s.span().start, format!("unknown item `{}`", s.get_ref())))
}

fn preference(src: &Source, items: &[Item], p: PreferenceFile) -> Result<Preference, MenuError> {
    Ok(Preference {
        items: p
            .items
            .iter()
            .map(|s| item_name(src, items, s))
            .collect::<Result<_, _>>()?,
        name: p.name,
        words: p.words.iter().map(|w| fold(w)).collect(),
        modifiers: p.modifiers,
        say: p.say,
    })
}

/// Folded names of a drink we do not pour, and what to offer instead.
type OffMenu = (Vec<String>, Vec<String>);

/// Drinks we do not pour (folded names) and what to offer instead.
fn off_menu(
    src: &Source,
    items: &[Item],
    file: Vec<Spanned<OffMenuFile>>,
) -> Result<Vec<OffMenu>, MenuError> {
    file.into_iter()
        .map(|o| {
            let o = o.into_inner();
            let instead = o
                .instead
                .iter()
                .map(|s| item_name(src, items, s))
                .collect::<Result<_, _>>()?;
            Ok((o.names.iter().map(|n| fold(n)).collect(), instead))
        })
        .collect()
}
