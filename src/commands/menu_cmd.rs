//! `maya menu [--json]`.

use std::io::{self, Write};

use serde_json::json;

use crate::bar::Menu;

pub fn run(menu: &Menu, json: bool, out: &mut dyn Write) -> io::Result<()> {
    if json {
        serde_json::to_writer_pretty(&mut *out, &as_json(menu))?;
        return writeln!(out);
    }
    write!(out, "{}", table(menu))
}

pub fn as_json(menu: &Menu) -> serde_json::Value {
    json!({
        "categories": menu.categories.iter().map(|c| json!({
            "id": c.id,
            "name": c.name,
            "note": c.note,
            "items": menu.items_in(&c.id).map(|i| json!({
                "name": i.name,
                "price": i.price.to_string(),
                "price_cents": i.price.0,
                "description": i.description,
                "aliases": i.aliases,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "modifiers": menu.modifiers.iter().map(|m| json!({
            "name": m.name,
            "meaning": m.glossary,
            "applies_to": m.applies_to,
        })).collect::<Vec<_>>(),
    })
}

/// The menu as an aligned table: names padded to one column, prices right-aligned.
pub fn table(menu: &Menu) -> String {
    use unicode_width::UnicodeWidthStr;
    let name_w = menu.items.iter().map(|i| i.name.width()).max().unwrap_or(0);
    let price_w = menu
        .items
        .iter()
        .map(|i| i.price.to_string().len())
        .max()
        .unwrap_or(0);
    let mut s = String::from("MOK 5-ha · the menu\n");
    for c in &menu.categories {
        s.push('\n');
        match &c.note {
            Some(note) => s.push_str(&format!("{} ({note})\n", c.name)),
            None => s.push_str(&format!("{}\n", c.name)),
        }
        for i in menu.items_in(&c.id) {
            let pad = name_w - i.name.width();
            s.push_str(&format!(
                "  {}{}  {:>price_w$}  {}\n",
                i.name,
                " ".repeat(pad),
                i.price.to_string(),
                i.description
            ));
        }
    }
    let mod_w = menu
        .modifiers
        .iter()
        .map(|m| m.name.width())
        .max()
        .unwrap_or(0);
    s.push_str("\nModifiers\n");
    for m in &menu.modifiers {
        s.push_str(&format!(
            "  {}{}  {} (for {})\n",
            m.name,
            " ".repeat(mod_w - m.name.width()),
            m.glossary,
            m.applies_to.join(", ")
        ));
    }
    s
}
