use super::*;

#[test]
fn persona_sections() {
    let p = Persona::parse("# x\n## greetings\n- hello\n- hi\n## declines\n- no\n");
    assert_eq!(p.line("greetings", 0), "hello");
    assert_eq!(p.line("greetings", 3), "hi");
    assert_eq!(p.line("declines", 7), "no");
    assert_eq!(p.line("missing", 0), "");
}

#[test]
fn the_builtin_persona_has_every_section_the_house_uses() {
    let p = Persona::parse(crate::assets::PERSONA);
    for s in [
        "greetings",
        "small talk",
        "another round",
        "declines",
        "acknowledgements",
        "thanks",
        "farewells",
    ] {
        assert!(!p.line(s, 0).is_empty(), "persona.md lacks ## {s}");
    }
}

#[test]
fn lists_read_naturally() {
    assert_eq!(join_and(&["a".into()]), "a");
    assert_eq!(
        join_and(&["a".into(), "b".into(), "c".into()]),
        "a, b and c"
    );
    // Near misses are a choice, not a list.
    assert_eq!(
        did_you_mean(&["Negroni".into(), "Martini".into()]),
        "I didn't quite catch that. Did you mean Negroni or Martini?"
    );
}
