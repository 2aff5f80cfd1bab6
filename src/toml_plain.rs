//! Plain text only, in the TOML files Maya reads (the config and a menu): every string in them
//! may be shown on the terminal, so one that carries a control, escape, bidi or invisible
//! character is refused with a message naming its key. A leaf: the domain's menu parser and the
//! config both use it.

/// The first string in `table` that would not reach a terminal as it is: a control, escape,
/// bidi or invisible character, and with `one_line` also a newline or tab. A message that
/// names the key and the character (never shows it), e.g. "`provider.model` contains … (U+001B)",
/// and the character.
pub fn unprintable(table: &toml::Table, one_line: bool) -> Option<(String, char)> {
    use crate::terminal::{first_unclean, sanitize_line};
    fn in_table(t: &toml::Table, path: &str, one_line: bool) -> Option<(String, char)> {
        t.iter().find_map(|(k, v)| {
            let key = sanitize_line(k);
            let path = if path.is_empty() {
                key.into_owned()
            } else {
                format!("{path}.{key}")
            };
            in_value(v, &path, one_line)
        })
    }
    fn in_value(value: &toml::Value, path: &str, one_line: bool) -> Option<(String, char)> {
        match value {
            toml::Value::String(s) => {
                let layout = || s.chars().find(|c| one_line && matches!(c, '\n' | '\t'));
                let bad = first_unclean(s).or_else(layout)?;
                let message = format!(
                    "`{path}` contains an unprintable character (U+{:04X}); use plain text",
                    bad as u32
                );
                Some((message, bad))
            }
            toml::Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, v)| in_value(v, &format!("{path}[{i}]"), one_line)),
            toml::Value::Table(t) => in_table(t, path, one_line),
            _ => None,
        }
    }
    in_table(table, "", one_line)
}
