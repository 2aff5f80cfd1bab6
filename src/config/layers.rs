//! How the layers merge: `MAYA_*` variables as config keys and TOML values, dotted keys into
//! tables, one table over another, and toml's errors as "line 3, key …: message".

/// Environment variables that are shortcuts for a config key.
const ENV_SHORTCUTS: &[(&str, &str)] = &[
    ("MAYA_PROVIDER", "provider.kind"),
    ("MAYA_MODEL", "provider.model"),
    ("MAYA_BASE_URL", "provider.base_url"),
    ("MAYA_KEY", "provider.key"),
    ("MAYA_MENU", "menu"),
    ("MAYA_PAYMENTS_GATEWAY", "payments.gateway"),
    ("MAYA_STRIPE_API_BASE", "stripe.api_base"),
    ("MAYA_HOUSE_WORD_DELAY_MS", "provider.house_word_delay_ms"),
    ("MAYA_VOICE", "voice.enabled"),
];

/// Environment variables that are not config keys and must not be mistaken for them.
const ENV_NOT_CONFIG: &[&str] = &[
    "MAYA_CONFIG_DIR",
    "MAYA_DATA_DIR",
    "MAYA_STATE_DIR",
    "MAYA_MASTER_KEY",
    "MAYA_LOG",
];

/// `MAYA_PROVIDER` → `provider.kind`; `MAYA_SECURITY_TOXICITY_THRESHOLD` →
/// `security.toxicity_threshold`. Variables that are not config keys return `None`.
pub(super) fn env_key(var: &str) -> Option<String> {
    if let Some((_, key)) = ENV_SHORTCUTS.iter().find(|(v, _)| *v == var) {
        return Some((*key).to_string());
    }
    if ENV_NOT_CONFIG.contains(&var) {
        return None;
    }
    let rest = var.strip_prefix("MAYA_")?.to_ascii_lowercase();
    const SECTIONS: &[&str] = &[
        "provider", "agent", "security", "rate", "payments", "stripe", "ui", "voice",
    ];
    let section = SECTIONS
        .iter()
        .find(|s| rest.starts_with(&format!("{s}_")))?;
    Some(format!("{section}.{}", &rest[section.len() + 1..]))
}

/// An environment value is read as a TOML value when it is one (`0.7`, `true`, `40`), else as a
/// string, so `MAYA_MODEL=gpt-4o-mini` needs no quotes.
pub(super) fn parse_env_value(value: &str) -> toml::Value {
    let wrapped = format!("v = {value}");
    match toml::from_str::<toml::Table>(&wrapped) {
        Ok(mut t) => t
            .remove("v")
            .unwrap_or_else(|| toml::Value::String(value.into())),
        Err(_) => toml::Value::String(value.to_string()),
    }
}

/// `MAYA_VOICE=1` (or yes/on, 0/no/off) is a switch: TOML would read 1 as a number, which
/// `voice.enabled` does not take. Only this shortcut is read so: `MAYA_VOICE_ENGINE=off` is the
/// engine named "off", and numbers stay numbers everywhere else.
pub(super) fn parse_env_switch(var: &str, value: &str) -> toml::Value {
    if var == "MAYA_VOICE" {
        match value.trim().to_ascii_lowercase().as_str() {
            "1" | "yes" | "on" => return toml::Value::Boolean(true),
            "0" | "no" | "off" | "" => return toml::Value::Boolean(false),
            _ => {}
        }
    }
    parse_env_value(value)
}

pub(super) fn set_path(table: &mut toml::Table, dotted: &str, value: toml::Value) {
    let mut parts: Vec<&str> = dotted.split('.').collect();
    let last = parts.pop().unwrap_or(dotted);
    let mut cur = table;
    for p in parts {
        let entry = cur
            .entry(p.to_string())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if !entry.is_table() {
            *entry = toml::Value::Table(toml::Table::new());
        }
        let toml::Value::Table(t) = entry else { return };
        cur = t;
    }
    cur.insert(last.to_string(), value);
}

pub(super) fn merge(base: &mut toml::Table, top: toml::Table) {
    for (k, v) in top {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(t)) => merge(b, t),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// toml's errors carry a span; turn it into "line 3, key `provider.kind`: …".
pub(super) fn describe_toml_error(e: &toml::de::Error) -> String {
    // toml renders "TOML parse error at line L, column C\n  |\nL | key = …\n  |  ^^^\nmessage".
    // Keep the location and the message, drop the ASCII art.
    let text = e.to_string();
    let location = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("TOML parse error at "))
        .map(str::to_string);
    let message = e.message().trim().to_string();
    let source_line = text
        .lines()
        .find_map(|l| {
            let (num, rest) = l.split_once(" | ")?;
            num.trim().parse::<u32>().ok()?;
            Some(rest.trim().to_string())
        })
        .unwrap_or_default();
    // Both quote the file; it may hold anything.
    let message = crate::terminal::sanitize_line(&message);
    let source_line = crate::terminal::sanitize_line(&source_line);
    match location {
        Some(loc) if !source_line.is_empty() => format!("{loc}: {message} (in `{source_line}`)"),
        Some(loc) => format!("{loc}: {message}"),
        None => message.into_owned(),
    }
}
