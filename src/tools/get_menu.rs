//! `get_menu`: the drinks with prices, optionally one category, and the modifiers.

use serde::Deserialize;
use serde_json::{Value, json};

use super::args::{check_len, parse};
use super::{Plan, Tool, ToolOutput, tool_spec};
use crate::bar::{Bar, BarError, ErrorCode};
use crate::llm::{ToolCall, ToolSpec};

pub(super) fn spec() -> ToolSpec {
    tool_spec(
        Tool::GetMenu,
        "List the drinks on the menu with prices, optionally one category \
         (cocktails, beer, spirits, non-alcoholic), and the modifiers with what they mean.",
        json!({"type": "object", "properties": {
            "category": {"type": "string", "description": "cocktails, beer, spirits or non-alcoholic"}
        }, "additionalProperties": false}),
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Args {
    category: Option<String>,
}

pub(super) fn run(bar: &Bar, call: &ToolCall) -> Result<Plan, BarError> {
    let args: Args = parse(call)?;
    if let Some(c) = &args.category {
        check_len(Tool::GetMenu.name(), "category", c)?;
    }
    Ok(Plan::Done(menu_output(bar, args.category.as_deref())?))
}

fn menu_output(bar: &Bar, category: Option<&str>) -> Result<ToolOutput, BarError> {
    let menu = bar.menu();
    let cats: Vec<_> = match category {
        None => menu.categories.iter().collect(),
        Some(c) => {
            let found = menu.category(c).ok_or_else(|| {
                BarError::new(
                    ErrorCode::ItemNotFound,
                    format!(
                        "There is no category {}. Categories: {}.",
                        c.chars().take(40).collect::<String>(),
                        menu.categories
                            .iter()
                            .map(|c| c.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
            vec![found]
        }
    };
    let categories: Vec<Value> = cats
        .iter()
        .map(|c| {
            json!({"category": c.name, "note": c.note, "items": menu.items_in(&c.id).map(|i| json!({
                "name": i.name, "price": i.price.to_string(), "description": i.description,
            })).collect::<Vec<_>>()})
        })
        .collect();
    let modifiers: Vec<Value> = menu
        .modifiers
        .iter()
        .map(|m| json!({"name": m.name, "meaning": m.glossary, "for": m.applies_to}))
        .collect();
    Ok(ToolOutput {
        result: json!({"ok": true, "menu": categories, "modifiers": modifiers}),
        events: vec![],
        next: None,
        summary: match category {
            Some(_) => format!("looked at the {} menu", cats[0].name.to_lowercase()),
            None => "looked at the menu".into(),
        },
    })
}
