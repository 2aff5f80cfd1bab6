//! Texts embedded in the binary that several layers read: Maya's persona (the system prompt and
//! the house bartender's lines), the built-in menu, her portrait and the example config. A leaf:
//! it imports nothing, so every layer may import it.

/// Maya's persona; the system prompt opens with it and the house bartender takes its lines from it.
pub const PERSONA: &str = include_str!("../assets/persona.md");

/// The built-in MOK 5-ha menu; a guest's `menu` file replaces it.
pub const BUILTIN_MENU: &str = include_str!("../assets/menu.toml");

/// Maya's portrait at the top of the side panel.
pub const PORTRAIT: &str = include_str!("../assets/maya.txt");

/// The documented example config; a test checks it parses and equals the defaults.
pub const EXAMPLE_CONFIG: &str = include_str!("../config.example.toml");
