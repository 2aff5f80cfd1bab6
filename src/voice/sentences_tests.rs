use super::*;

fn split(chunks: &[&str]) -> Vec<String> {
    let mut s = Sentences::default();
    let mut out = Vec::new();
    for c in chunks {
        s.push(c, &mut out);
    }
    s.finish(&mut out);
    out
}

#[test]
fn sentences_complete_as_they_stream() {
    let mut s = Sentences::default();
    let mut out = Vec::new();
    s.push("Welcome to MOK 5-ha. What can", &mut out);
    assert_eq!(out, ["Welcome to MOK 5-ha."]);
    s.push(" I pour for you?", &mut out);
    assert_eq!(
        out.len(),
        1,
        "the question is not complete before what follows"
    );
    s.push(" ", &mut out);
    assert_eq!(out, ["Welcome to MOK 5-ha.", "What can I pour for you?"]);
}

#[test]
fn any_chunking_gives_the_same_sentences() {
    let text = "Two Martinis, $26.00. Anything else?\n\n- Negroni\n- Mr. Smith's \"special.\" Yes!\nLast one";
    let whole = split(&[text]);
    assert_eq!(
        whole,
        [
            "Two Martinis, $26.00.",
            "Anything else?",
            "- Negroni",
            "- Mr. Smith's \"special.\"",
            "Yes!",
            "Last one"
        ]
    );
    for size in 1..8 {
        let chars: Vec<char> = text.chars().collect();
        let chunks: Vec<String> = chars.chunks(size).map(|c| c.iter().collect()).collect();
        let refs: Vec<&str> = chunks.iter().map(String::as_str).collect();
        assert_eq!(split(&refs), whole, "chunks of {size}");
    }
}

#[test]
fn prices_and_list_numbers_do_not_end_sentences() {
    assert_eq!(
        split(&["It is $13.00 even. ", "Done"]),
        ["It is $13.00 even.", "Done"]
    );
    assert_eq!(
        split(&["1. Martini\n2. Negroni"]),
        ["1. Martini", "2. Negroni"]
    );
    assert_eq!(split(&["Wait… really? "]), ["Wait…", "really?"]);
}

#[test]
fn code_blocks_are_skipped() {
    assert_eq!(
        split(&["Here:\n```\nlet x = 1. y;\n```\nThat's it."]),
        ["Here:", "That's it."]
    );
}

#[test]
fn a_run_on_is_cut_at_a_space() {
    let long = "word ".repeat(200);
    let out = split(&[&long]);
    assert!(out.len() >= 2, "{}", out.len());
    assert!(out.iter().all(|s| s.len() <= LONGEST + 5));
    assert_eq!(out.join(" "), long.trim());
}

#[test]
fn clear_forgets_the_tail() {
    let mut s = Sentences::default();
    let mut out = Vec::new();
    s.push("Half a sent", &mut out);
    s.clear();
    s.push("New one. ", &mut out);
    assert_eq!(out, ["New one."]);
}
