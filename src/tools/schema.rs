//! The tools' JSON Schemas, as sent to the model.

use serde_json::{Value, json};

use crate::bar::MAX_QUANTITY;
use crate::llm::ToolSpec;

pub fn specs() -> Vec<ToolSpec> {
    let spec = |name: &str, description: &str, parameters: Value| ToolSpec {
        name: name.into(),
        description: description.into(),
        parameters,
    };
    let no_args = || json!({"type": "object", "properties": {}, "additionalProperties": false});
    vec![
        spec(
            "get_menu",
            "List the drinks on the menu with prices, optionally one category \
             (cocktails, beer, spirits, non-alcoholic), and the modifiers with what they mean.",
            json!({"type": "object", "properties": {
                "category": {"type": "string", "description": "cocktails, beer, spirits or non-alcoholic"}
            }, "additionalProperties": false}),
        ),
        spec(
            "recommend",
            "Recommend drinks for a preference such as sobering, classy, fruity, strong or burning, \
             a taste (bitter, smoky, light, nothing too strong) or an ingredient (something with gin). \
             Pass the guest's own words.",
            json!({"type": "object", "properties": {
                "preference": {"type": "string", "description": "what the guest is in the mood for"}
            }, "required": ["preference"], "additionalProperties": false}),
        ),
        spec(
            "add_to_tab",
            "Add a drink to the guest's tab as a new order; its price moves from the balance to \
             the tab. It never replaces anything: to change or swap a drink already on the tab \
             (\"make one of the martinis a negroni\"), call remove_from_tab for the old one and \
             then add_to_tab for the new one. Never two add_to_tab calls for one swap.",
            json!({"type": "object", "properties": {
                "item": {"type": "string", "description": "the drink's name as on the menu"},
                "quantity": {"type": "integer", "minimum": 1, "maximum": MAX_QUANTITY, "description": "how many, default 1"},
                "modifiers": {"type": "array", "items": {"type": "string"},
                              "description": "e.g. dirty, neat, on the rocks, shaken"}
            }, "required": ["item"], "additionalProperties": false}),
        ),
        spec(
            "remove_from_tab",
            "Remove a drink from the tab (all of it unless a quantity is given); it is refunded. \
             Also the first half of every change or swap: remove what goes (e.g. quantity 1 of \
             the Martini), then add_to_tab what comes, both in the same reply.",
            json!({"type": "object", "properties": {
                "item": {"type": "string", "description": "the drink's name as on the tab"},
                "quantity": {"type": "integer", "minimum": 1, "description": "how many to remove, default all of them"},
                "modifiers": {"type": "array", "items": {"type": "string"},
                              "description": "only lines with these modifiers"}
            }, "required": ["item"], "additionalProperties": false}),
        ),
        spec(
            "view_tab",
            "Show the tab: lines, subtotal, tip, total and balance.",
            no_args(),
        ),
        spec(
            "set_tip",
            "Set the tip: a percentage of the subtotal, a fixed amount in dollars, or none. \
             Give exactly one of percent, amount or none.",
            json!({"type": "object", "properties": {
                "percent": {"type": "integer", "minimum": 0, "maximum": 100},
                "amount": {"type": "number", "minimum": 0, "description": "dollars, e.g. 5 or 4.50"},
                "none": {"type": "boolean", "description": "true removes the tip"}
            }, "additionalProperties": false}),
        ),
        spec(
            "checkout",
            "Ask for the check: creates a payment link for the tab plus tip and shows it to the guest.",
            no_args(),
        ),
        spec(
            "payment_status",
            "Whether the open checkout has been paid.",
            no_args(),
        ),
        spec(
            "cancel_checkout",
            "Cancel the open checkout so the tab can change again.",
            no_args(),
        ),
    ]
}
