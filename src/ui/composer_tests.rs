use super::*;

fn rows(c: &Composer, width: usize) -> (Vec<String>, (usize, usize)) {
    let (rows, cursor) = c.layout(width);
    let lines = c.area.lines();
    let text = rows
        .into_iter()
        .map(|(n, r)| lines[n][r].to_string())
        .collect();
    (text, cursor)
}

#[test]
fn editing() {
    let mut c = Composer::default();
    c.insert("helo");
    c.left();
    c.insert("l");
    assert_eq!(c.text(), "hello");
    c.end();
    c.insert(" wörld");
    c.backspace();
    assert_eq!(c.text(), "hello wörl");
    c.delete_word();
    assert_eq!(c.text(), "hello ");
    c.home();
    c.delete();
    assert_eq!(c.text(), "ello ");
    c.end();
    c.insert("\nsecond");
    assert!(c.up());
    assert_eq!(c.text(), "ello \nsecond");
    c.home();
    c.kill_to_end();
    assert_eq!(c.text(), "\nsecond");
    assert!(c.down());
    c.end();
    c.kill_to_start();
    assert_eq!(c.text(), "\n");
    // At the edges the kills do nothing (they never eat the line break).
    c.kill_to_start();
    c.kill_to_end();
    assert_eq!(c.text(), "\n");
    assert_eq!(c.take(), "\n");
    assert!(c.is_empty());
}

#[test]
fn the_cursor_moves_and_deletes_whole_grapheme_clusters() {
    let family = "👨\u{200d}👩\u{200d}👧";
    let cafe = "cafe\u{301}";
    let mut c = Composer::default();
    c.insert(&format!("a{family}b {cafe}"));
    // Backspace takes "é" whole (e + combining acute), then the "f".
    c.backspace();
    assert_eq!(c.text(), format!("a{family}b caf"));
    c.backspace();
    assert_eq!(c.text(), format!("a{family}b ca"));
    // Left over "b", then over the whole family in one press, then Delete takes it whole.
    c.home();
    c.right();
    c.right();
    assert_eq!(c.at().1, 1 + family.len(), "one press crosses the family");
    c.left();
    assert_eq!(c.at().1, 1);
    c.delete();
    assert_eq!(c.text(), "ab ca");
    // A flag is two regional indicators: one cluster.
    c.set("🇯🇵");
    c.backspace();
    assert!(c.is_empty());
}

#[test]
fn vertical_moves_never_stop_inside_a_cluster() {
    let family = "👨\u{200d}👩\u{200d}👧";
    let mut c = Composer::default();
    c.insert(&format!("{family}{family}\nabcdefgh"));
    c.home();
    for _ in 0..3 {
        c.right();
    }
    assert!(c.up());
    let (line, b) = c.at();
    assert!(
        line.grapheme_indices(true).any(|(i, _)| i == b) || b == line.len(),
        "cursor at byte {b} inside a cluster of {line:?}"
    );
}

#[test]
fn undo_and_redo() {
    let mut c = Composer::default();
    c.insert("two martinis");
    c.delete_word();
    assert_eq!(c.text(), "two ");
    c.undo();
    assert_eq!(c.text(), "two martinis");
    c.redo();
    assert_eq!(c.text(), "two ");
    // Clearing (Ctrl+C) can be undone too.
    c.insert("negronis");
    c.clear();
    assert!(c.is_empty());
    c.undo();
    assert_eq!(c.text(), "two negronis");
}

#[test]
fn word_motion() {
    let mut c = Composer::default();
    c.insert("one two three");
    c.word_left();
    assert_eq!(c.at().1, "one two ".len());
    c.word_left();
    assert_eq!(c.at().1, "one ".len());
    c.word_right();
    assert_eq!(c.at().1, "one two ".len());
    c.insert("big ");
    assert_eq!(c.text(), "one two big three");
}

#[test]
fn history_recall_only_from_an_empty_composer() {
    let mut c = Composer::default();
    c.set_history(vec!["first".into(), "second".into()]);
    assert!(c.up());
    assert_eq!(c.text(), "second");
    assert!(c.up());
    assert_eq!(c.text(), "first");
    assert!(!c.up());
    assert!(c.down());
    assert_eq!(c.text(), "second");
    assert!(c.down());
    assert_eq!(c.text(), "");
    c.insert("draft");
    assert!(!c.up(), "a draft is not replaced by history");
    assert_eq!(c.text(), "draft");
}

#[test]
fn layout_wraps_at_word_boundaries() {
    let mut c = Composer::default();
    c.insert("two dirty martinis please");
    // 12 columns after the prompt.
    let (r, cur) = rows(&c, 14);
    assert_eq!(r, ["two dirty ", "martinis ", "please"]);
    assert_eq!(cur, (2, 6));
    // The cursor on a wrap point sits at the start of the next row.
    c.home();
    for _ in 0.."two dirty ".len() {
        c.right();
    }
    assert_eq!(c.layout(14).1, (1, 0));
    // A word wider than the row is still broken, at the edge.
    let mut c = Composer::default();
    c.insert("a supercalifragilistic word");
    assert_eq!(
        rows(&c, 10).0,
        ["a ", "supercal", "ifragili", "stic ", "word"]
    );
    // Typing past the edge after a space moves the word, not a letter.
    let mut c = Composer::default();
    c.insert("a martini");
    assert_eq!(rows(&c, 10).0, ["a ", "martini"]);
}

#[test]
fn layout_wraps_and_places_the_cursor() {
    let mut c = Composer::default();
    c.insert("abcdefgh");
    let (r, cur) = rows(&c, 6); // 4 columns after the prompt
    assert_eq!(r, ["abcd", "efgh", ""]);
    assert_eq!(cur, (2, 0));
    c.insert("\nx");
    assert_eq!(c.height(6), 3);
}

#[test]
fn layout_measures_clusters_as_drawn() {
    let family = "👨\u{200d}👩\u{200d}👧";
    let mut c = Composer::default();
    // 4 columns of room: two families per row, and the cursor after them at column 4 → a
    // fresh row.
    c.insert(&family.repeat(3));
    let (r, cur) = rows(&c, 6);
    assert_eq!(r, [family.repeat(2), family.to_string()]);
    assert_eq!(cur, (1, 2));
    let mut c = Composer::default();
    c.insert("東京駅");
    assert_eq!(rows(&c, 6).0, ["東京", "駅"]);
}

#[test]
fn a_huge_line_stays_quick_to_edit() {
    // Two 64 KiB pastes in one line: longer than the textarea's 16-bit jump can address.
    // Every edit here is one pass over the line; stepping char by char would take minutes.
    let mut c = Composer::default();
    let word = "x".repeat(64 * 1024);
    c.insert(&word);
    c.insert(&word);
    c.backspace();
    c.left();
    c.right();
    c.delete_word();
    assert!(c.is_empty());
    c.undo();
    assert_eq!(c.text().len(), 2 * 64 * 1024 - 1);
    assert_eq!(c.height(120), MAX_ROWS as u16);
    // A word after a space, past the addressable columns: Ctrl+W keeps what is before it.
    c.set(&format!("{word} {word}"));
    c.delete_word();
    assert_eq!(c.text(), format!("{word} "));
}

#[test]
fn the_cached_layout_follows_every_change() {
    let mut c = Composer::default();
    c.insert("one two");
    assert_eq!(rows(&c, 20).0, ["one two"]);
    c.insert(" three");
    assert_eq!(rows(&c, 20).0, ["one two three"]);
    c.word_left();
    assert_eq!(rows(&c, 20).1, (0, 8), "a move alone changes the cursor");
    c.undo();
    assert_eq!(rows(&c, 20).0, ["one two"]);
    assert!(!c.up(), "the first row of a draft has nothing above it");
    c.set("x");
    assert_eq!(rows(&c, 20).0, ["x"]);
    assert_eq!(c.take(), "x");
    assert_eq!(rows(&c, 20).0, [""]);
}

#[test]
fn history_keeps_the_newest_lines_up_to_its_size() {
    let mut c = Composer::default();
    let lines: Vec<String> = (0..INPUT_HISTORY_MAX + 5)
        .map(|i| format!("line {i}"))
        .collect();
    c.set_history(lines);
    c.remember("typed now");
    let mut recalled = Vec::new();
    while c.up() {
        recalled.push(c.text());
    }
    assert_eq!(recalled.len(), INPUT_HISTORY_MAX);
    assert_eq!(recalled[0], "typed now");
    assert_eq!(recalled[1], format!("line {}", INPUT_HISTORY_MAX + 4));
    assert_eq!(
        recalled.last().map(String::as_str),
        Some(format!("line {}", 6).as_str()),
        "the oldest lines went first"
    );
}
