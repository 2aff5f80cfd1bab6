use ratatui::layout::{Position, Rect};

use super::*;
use crate::bar::LineView;

/// A tab of `n` lines, every `modded`-th with modifiers (a second row).
fn tab(n: usize, modded: usize) -> TabView {
    TabView {
        lines: (0..n)
            .map(|k| LineView {
                line: k as u32 + 1,
                item: format!("Drink {k}"),
                quantity: 1,
                modifiers: if modded > 0 && k % modded == 0 {
                    vec!["no ice".into()]
                } else {
                    vec![]
                },
                ..LineView::default()
            })
            .collect(),
        ..TabView::default()
    }
}

fn layout(w: u16, h: u16, tab: &TabView) -> Option<ScreenLayout> {
    ScreenLayout::new(Rect::new(0, 0, w, h), &Composer::default(), tab, true)
}

/// Every painted rect with its name (zero-sized ones paint nothing and are left out).
fn rects(l: &ScreenLayout) -> Vec<(&'static str, Rect)> {
    let mut v = vec![
        ("status", l.status),
        ("conversation", l.conversation),
        ("rule", l.rule),
        ("composer", l.composer),
        ("footer", l.footer),
    ];
    v.extend(l.summary.map(|r| ("summary", r)));
    if let Some(p) = &l.panel {
        v.push(("border", p.border));
        v.extend(p.portrait.map(|r| ("portrait", r)));
        v.push(("heading", p.heading));
        v.push(("lines", p.lines));
        if let Some(f) = &p.figures {
            v.extend([
                ("figures rule", f.rule),
                ("subtotal", f.subtotal),
                ("tip", f.tip),
                ("total", f.total),
                ("balance", f.balance),
                ("payment", f.payment),
            ]);
            v.extend(f.tip_row.map(|r| ("tip row", r)));
        }
    }
    v.retain(|(_, r)| !r.is_empty());
    v
}

fn check(w: u16, h: u16, tab: &TabView) {
    let area = Rect::new(0, 0, w, h);
    let l = layout(w, h, tab).expect("big enough");
    let all = rects(&l);
    for (name, r) in &all {
        assert_eq!(r.intersection(area), *r, "{name} {r:?} outside {w}x{h}");
    }
    for (i, (a, ra)) in all.iter().enumerate() {
        for (b, rb) in &all[i + 1..] {
            assert!(
                !ra.intersects(*rb),
                "{a} {ra:?} overlaps {b} {rb:?} at {w}x{h}"
            );
        }
    }
    // The overlay covers the conversation column only, never the panel.
    if let Some(p) = &l.panel {
        assert!(
            !l.overlay.intersects(p.border),
            "overlay over the panel at {w}x{h}"
        );
    }
    if let Some(f) = l.panel.as_ref().and_then(|p| p.figures.as_ref()) {
        let row = f.tip_row.unwrap_or_default();
        for (p, b) in &f.tip_buttons {
            assert_eq!(b.intersection(row), *b, "button {p} off its row at {w}x{h}");
        }
    }
}

#[test]
fn the_rects_stay_inside_the_screen_and_never_overlap() {
    for t in [tab(0, 0), tab(2, 0), tab(6, 2), tab(40, 3)] {
        for (w, h) in [(120, 40), (80, 24), (40, 12)] {
            check(w, h, &t);
        }
        for w in [40, 41, 63, 99, 100, 101, 133, 200] {
            for h in [12, 13, 17, 25, 31, 33, 37, 41, 60] {
                check(w, h, &t);
            }
        }
    }
}

#[test]
fn below_the_minimum_there_is_no_layout() {
    for (w, h) in [(39, 12), (40, 11), (30, 10), (1, 1), (0, 0)] {
        assert_eq!(layout(w, h, &TabView::default()), None, "{w}x{h}");
    }
}

/// The rows and columns the snapshots in tests/suite/snapshots show (tab_tip_15_*).
#[test]
fn matches_the_snapshots() {
    let t = tab(1, 0);
    let l = layout(120, 40, &t).unwrap();
    assert_eq!(l.status, Rect::new(0, 0, 120, 1));
    assert_eq!(l.conversation, Rect::new(1, 1, 84, 36));
    assert_eq!(l.rule, Rect::new(0, 37, 86, 1));
    assert_eq!(l.composer, Rect::new(1, 38, 84, 1));
    assert_eq!(l.footer, Rect::new(1, 39, 118, 1));
    assert_eq!(l.summary, None);
    assert_eq!(l.overlay, Rect::new(0, 1, 86, 38));
    let p = l.panel.as_ref().unwrap();
    assert_eq!(p.border, Rect::new(86, 1, 1, 38));
    assert_eq!(p.portrait.map(|r| (r.y, r.height)), Some((1, 11)));
    assert_eq!(p.heading, Rect::new(88, 13, 31, 1));
    assert_eq!(p.lines, Rect::new(88, 14, 31, 1));
    let f = p.figures.as_ref().unwrap();
    assert_eq!(f.rule.y, 15);
    assert_eq!(f.subtotal.y, 16);
    assert_eq!(f.tip_row, Some(Rect::new(88, 17, 31, 1)));
    let buttons: Vec<(u32, u16)> = f.tip_buttons.iter().map(|(p, r)| (*p, r.x)).collect();
    assert_eq!(buttons, [(10, 93), (15, 99), (20, 105)]);
    assert_eq!(f.payment.y, 21);

    let l = layout(80, 24, &t).unwrap();
    assert_eq!(l.conversation, Rect::new(1, 1, 78, 18));
    assert_eq!(l.summary, Some(Rect::new(1, 20, 78, 1)));
    assert_eq!(l.rule, Rect::new(0, 21, 80, 1));
    assert_eq!(l.composer, Rect::new(1, 22, 78, 1));
    assert_eq!(l.footer.y, 23);
    assert_eq!(l.panel, None);

    let l = layout(40, 12, &t).unwrap();
    assert_eq!(l.conversation, Rect::new(1, 1, 38, 6));
    assert_eq!(l.summary, Some(Rect::new(1, 8, 38, 1)));
    assert_eq!(l.rule.y, 9);
    assert_eq!(l.composer, Rect::new(1, 10, 38, 1));
    assert_eq!(l.footer, Rect::new(1, 11, 38, 1));
}

#[test]
fn a_click_hits_a_tip_button_only_on_it() {
    let l = layout(120, 40, &tab(1, 0)).unwrap();
    assert_eq!(l.tip_at(Position::new(93, 17)), Some(10));
    assert_eq!(l.tip_at(Position::new(103, 17)), Some(15));
    assert_eq!(l.tip_at(Position::new(105, 17)), Some(20));
    assert_eq!(
        l.tip_at(Position::new(98, 17)),
        None,
        "the gap between buttons"
    );
    assert_eq!(l.tip_at(Position::new(93, 16)), None, "the row above");
    // No buttons while the tab is empty, nor without the panel.
    let empty = layout(120, 40, &TabView::default()).unwrap();
    assert_eq!(empty.tip_at(Position::new(93, 17)), None);
    let narrow = layout(80, 24, &tab(1, 0)).unwrap();
    assert_eq!(narrow.tip_at(Position::new(13, 17)), None);
}

#[test]
fn the_composer_grows_but_the_conversation_keeps_rows() {
    let mut c = Composer::default();
    c.insert(&"line\n".repeat(30));
    for (w, h) in [(120, 40), (80, 24), (40, 12)] {
        let l = ScreenLayout::new(Rect::new(0, 0, w, h), &c, &TabView::default(), true).unwrap();
        assert!(l.composer.height > 1, "{w}x{h}");
        assert!(l.conversation.height >= 2, "{w}x{h}");
        assert_eq!(l.composer.bottom(), l.footer.y, "{w}x{h}");
    }
}

#[test]
fn a_long_tab_gives_up_the_portrait_then_says_how_many_more() {
    // Two lines leave room for the portrait at 120x40; forty do not, and most are cut.
    let l = layout(120, 40, &tab(2, 0)).unwrap();
    assert!(l.panel.unwrap().portrait.is_some());
    let l = layout(120, 40, &tab(40, 0)).unwrap();
    let p = l.panel.unwrap();
    assert_eq!(p.portrait, None);
    assert_eq!(p.heading.y, 1);
    // 38 body rows: heading, 28 lines, "… and 12 more", then the figures.
    assert_eq!(p.shown_lines, 28);
    assert_eq!(p.lines.height, 29);
    assert_eq!(p.figures.unwrap().rule.y, p.lines.bottom());
}
