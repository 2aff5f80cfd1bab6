//! Tests of the conversation's layout, drawing and scrolling.
use super::*;
use crate::ui::entry_rows::render_entry;

fn text(rows: &[Line]) -> Vec<String> {
    rows.iter()
        .map(|l| {
            l.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
}

/// Rows of every message counted from scratch, as the cached total must equal.
fn recount(c: &mut Conversation, width: u16, theme: &Theme) -> usize {
    (0..c.msgs.len())
        .map(|i| c.rows_of(i, width, theme).len())
        .sum()
}

#[test]
fn the_settled_row_total_follows_pushes_streams_and_widths() {
    let theme = Theme { color: false };
    let mut c = Conversation::default();
    for i in 0..30 {
        c.push(Entry::User {
            text: format!("order number {i}, a long line that wraps at narrow widths"),
            blocked: None,
        });
    }
    for width in [80, 20, 80] {
        assert_eq!(c.total_rows(width, &theme), recount(&mut c, width, &theme));
    }
    c.append("streaming ");
    assert_eq!(c.total_rows(20, &theme), recount(&mut c, 20, &theme));
    c.append("a reply that grows and grows past the edge of a narrow window\n\nmore");
    assert_eq!(c.total_rows(20, &theme), recount(&mut c, 20, &theme));
    c.push(Entry::Notice {
        text: "a notice while streaming".into(),
    });
    assert_eq!(c.total_rows(20, &theme), recount(&mut c, 20, &theme));
    c.finish(ReplyState::Complete);
    c.push(Entry::Tool {
        summary: "added 1× Martini".into(),
        ok: true,
    });
    let before = c.total_rows(20, &theme);
    assert_eq!(before, recount(&mut c, 20, &theme));
    assert_eq!(c.total_rows(120, &theme), recount(&mut c, 120, &theme));
    assert!(c.total_rows(120, &theme) < before);
}

#[test]
fn streaming_matches_a_full_render_at_every_step() {
    let theme = Theme { color: true };
    let full = "Here's the menu:\n\n- **Cocktails**: Martini $13.00, Negroni $11.00\n- Beer: IPA $6.00\n\nWhat'll it be?";
    let mut c = Conversation::default();
    let mut seen = String::new();
    for ch in full.chars() {
        seen.push(ch);
        c.append(&ch.to_string());
        let streamed = text(&c.rows_of(0, 30, &theme));
        let fresh = text(&render_entry(
            &Entry::Assistant {
                text: seen.clone(),
                state: ReplyState::Streaming,
            },
            30,
            &theme,
        ));
        assert_eq!(streamed, fresh, "after {seen:?}");
    }
}

#[test]
fn a_notice_while_maya_streams_does_not_split_her_reply() {
    let theme = Theme { color: true };
    let mut c = Conversation::default();
    c.append("Two Martinis, ");
    c.push(Entry::Notice {
        text: "the paste was cut".into(),
    });
    c.push(Entry::Tool {
        summary: "added 2× Martini".into(),
        ok: true,
    });
    c.append("coming right up.");
    c.finish(ReplyState::Complete);
    let entries: Vec<&Entry> = c.entries().collect();
    assert_eq!(entries.len(), 3, "{entries:?}");
    assert!(matches!(entries[0], Entry::Notice { .. }));
    assert!(matches!(entries[1], Entry::Tool { .. }));
    assert_eq!(
        entries[2],
        &Entry::Assistant {
            text: "Two Martinis, coming right up.".into(),
            state: ReplyState::Complete,
        }
    );
    let rows = text(&c.rows_of(2, 80, &theme));
    assert_eq!(rows, ["Maya  Two Martinis, coming right up."]);
    assert_eq!(c.total_rows(80, &theme), recount(&mut c, 80, &theme));
}

#[test]
fn sticky_scroll_follows_only_at_the_bottom() {
    let theme = Theme { color: true };
    let mut c = Conversation::default();
    for i in 0..50 {
        c.push(Entry::Notice {
            text: format!("line {i}"),
        });
    }
    let area = Rect::new(0, 0, 40, 10);
    let mut buf = Buffer::empty(area);
    c.render(area, &mut buf, &theme);
    assert!(c.following());
    c.scroll_up(5);
    let rows = |b: &Buffer| -> Vec<String> {
        (0..10)
            .map(|y| (0..40).map(|x| b[(x, y)].symbol().to_string()).collect())
            .collect()
    };
    c.render(area, &mut buf, &theme);
    let before = rows(&buf);
    c.push(Entry::Notice { text: "new".into() });
    let mut buf2 = Buffer::empty(area);
    c.render(area, &mut buf2, &theme);
    let after = rows(&buf2);
    assert_eq!(before[..9], after[..9], "the view moved while scrolled up");
    assert!(after[9].contains("↓ 6 more"), "{}", after[9]);
    c.to_bottom();
    c.render(area, &mut buf2, &theme);
    assert!(
        buf2.content()
            .iter()
            .map(|c| c.symbol())
            .collect::<String>()
            .contains("new")
    );
}

#[test]
fn the_cache_is_rebuilt_for_a_new_width() {
    let theme = Theme { color: true };
    let mut c = Conversation::default();
    c.push(Entry::Assistant {
        text: "one two three four five six seven".into(),
        state: ReplyState::Complete,
    });
    let wide = c.rows_of(0, 80, &theme).len();
    let narrow = c.rows_of(0, 14, &theme).len();
    assert_eq!(wide, 1);
    assert!(narrow > 2, "{narrow}");
    assert_eq!(c.rows_of(0, 80, &theme).len(), 1);
}

/// A reply's rows, all or any window of them, as drawn from its layout: the same as wrapping
/// the whole reply, at every step of its stream and once finished.
fn assert_layout_matches_a_full_render(full: &str, width: u16, chunk: usize, state: ReplyState) {
    if full.is_empty() {
        return; // no delta, no reply
    }
    let theme = Theme { color: true };
    let mut c = Conversation::default();
    let chars: Vec<char> = full.chars().collect();
    let mut seen = String::new();
    let check = |c: &mut Conversation, text: &str, state: ReplyState| {
        let fresh = render_entry(
            &Entry::Assistant {
                text: text.to_string(),
                state,
            },
            width as usize,
            &theme,
        );
        let n = c.rows_in(0, width, &theme);
        assert_eq!(n, fresh.len(), "row count of {text:?}");
        for lo in 0..n {
            for hi in [lo + 1, (lo + 3).min(n), n] {
                assert_eq!(
                    c.rows_between(0, lo, hi, width, &theme),
                    fresh[lo..hi],
                    "rows {lo}..{hi} of {text:?}"
                );
            }
        }
    };
    for piece in chars.chunks(chunk.max(1)) {
        let piece: String = piece.iter().collect();
        seen.push_str(&piece);
        c.append(&piece);
        check(&mut c, &seen, ReplyState::Streaming);
    }
    c.finish(state);
    check(&mut c, &seen, state);
}

#[test]
fn a_long_reply_is_drawn_from_its_layout_exactly() {
    let full = "## The menu\n\nHere's what we pour tonight:\n\n- **Cocktails**: Martini $13.00, \
                Negroni $11.00, a *very* long line that wraps more than once at this width\n\
                - Beer: IPA $6.00\n1. first\n12. twelfth\n\n\nWhat'll it be? `code`\n";
    for width in [20, 33, 80] {
        assert_layout_matches_a_full_render(full, width, 3, ReplyState::Complete);
        assert_layout_matches_a_full_render(full, width, 17, ReplyState::Cancelled);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    #[test]
    fn layout_rows_equal_wrapped_rows(
        full in "([a-z]{1,12}|\\*\\*|\\*|`|- |\\n|\\n\\n|1\\. |# | |東京|👨\u{200d}👩){0,60}",
        width in 8u16..60,
        chunk in 1usize..40,
        state in proptest::sample::select(vec![
            ReplyState::Complete,
            ReplyState::Cancelled,
            ReplyState::Interrupted,
            ReplyState::Blocked,
        ]),
    ) {
        assert_layout_matches_a_full_render(&full, width, chunk, state);
    }
}

#[test]
fn the_screen_shows_the_same_rows_at_every_scroll_position_queue_included() {
    let theme = Theme { color: false };
    let mut c = Conversation::default();
    let mut all: Vec<Line<'static>> = Vec::new();
    let width = 40u16;
    for i in 0..12 {
        let e = if i % 3 == 0 {
            Entry::User {
                text: format!("round {i}: two martinis\nand a water"),
                blocked: None,
            }
        } else if i % 3 == 1 {
            Entry::Assistant {
                text: format!(
                    "Coming up, round {i}.\n\n- one **Martini**\n- a dirty one, \
                               with a line long enough to wrap twice at forty columns"
                ),
                state: if i == 4 {
                    ReplyState::Cancelled
                } else {
                    ReplyState::Complete
                },
            }
        } else {
            Entry::Tool {
                summary: format!("added 2× Martini · round {i}"),
                ok: true,
            }
        };
        all.extend(super::entry_rows(&e, i == 0, width as usize, &theme));
        c.push(e);
    }
    // Queued messages sit under the last one and scroll with it.
    let tail: Vec<Line<'static>> = (0..3)
        .map(|k| Line::from(format!("  queued {k}: one more")))
        .collect();
    all.extend(tail.iter().cloned());
    c.set_tail(tail);
    let height = 7usize;
    let area = Rect::new(0, 0, width, height as u16);
    let screen = |b: &Buffer| -> Vec<String> {
        (0..height as u16)
            .map(|y| (0..width).map(|x| b[(x, y)].symbol()).collect::<String>())
            .collect()
    };
    let mut buf = Buffer::empty(area);
    c.render(area, &mut buf, &theme);
    for scroll in 0..=all.len() - height {
        c.to_bottom();
        c.scroll_up(scroll);
        let mut got = Buffer::empty(area);
        c.render(area, &mut got, &theme);
        let mut want = Buffer::empty(area);
        let end = all.len() - scroll;
        for (k, line) in all[end - height..end].iter().enumerate() {
            want.set_line(0, k as u16, line, width);
        }
        let (got, want) = (screen(&got), screen(&want));
        // The last row may carry the "↓ n more" marker over the text.
        assert_eq!(got[..height - 1], want[..height - 1], "scrolled {scroll}");
    }
}

/// A conversation as a resume of `n` messages leaves it.
fn resumed(n: usize) -> Conversation {
    let mut c = Conversation::default();
    c.extend(
        (0..n)
            .map(|i| Entry::Notice {
                text: format!("line {i}"),
            })
            .collect(),
    );
    c
}

#[test]
fn a_notice_after_a_long_resume_does_not_double_the_message_list() {
    let mut c = resumed(10_000);
    for _ in 0..3 {
        c.push(Entry::Notice {
            text: "Resumed.".into(),
        });
        c.append("and Maya answers");
        c.finish(ReplyState::Complete);
    }
    // A 10,000-message list grows by an eighth at a time, not by doubling (72 bytes a slot).
    assert!(
        c.msgs.capacity() <= 10_000 + 10_000 / 8,
        "{}",
        c.msgs.capacity()
    );
    assert_eq!(c.len(), 10_006);
    assert!(
        std::mem::size_of::<Message>() <= 72,
        "the slot size the comments count on"
    );
}

#[test]
fn what_follows_a_resume_fits_without_growing_the_list() {
    // The resume notice, a warning, and the guest's first exchange come right after a long
    // transcript; a full list would grow by an eighth for them (90 KB at 10,000 messages).
    let mut c = resumed(10_000);
    let after_load = c.msgs.capacity();
    for text in ["Resumed.", "A warning."] {
        c.push(Entry::Notice { text: text.into() });
    }
    c.push(Entry::User {
        text: "one more".into(),
        blocked: None,
    });
    c.append("and Maya answers");
    c.finish(ReplyState::Complete);
    assert_eq!(c.msgs.capacity(), after_load, "the list grew");
    assert!(after_load <= 10_000 + RESUME_HEADROOM, "{after_load}");
}
