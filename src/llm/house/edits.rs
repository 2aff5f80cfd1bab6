//! Changes a turn makes to its draft: a drink asked for (with the correction or "instead of"
//! waiting for it), a swap, a count set, modifiers changed, a drink split ("one of them
//! dirty"). Each works on this message's drinks first, then on the drink just ordered.

use super::answers;
use super::context::Line;
use super::draft::Draft;
use super::orders::{Qty, Want};

/// One drink asked for, with corrections applied.
pub fn order(d: &mut Draft, w: &Want) {
    let mut w = w.clone();
    if let Some((mods, not_mods, _)) = d.pending.take() {
        w.mods.extend(mods);
        w.not_mods.extend(not_mods);
    }
    let w = &w;
    let mut item = w.item.clone();
    if !w.taste.is_empty() {
        let asked = d.menu.asked_of(&w.taste.join(" "));
        let category = d.menu.item(&item).map(|i| i.category.clone());
        if let Some(best) = d.menu.by_taste(&asked, category.as_deref()).first() {
            item = best.name.clone();
        }
    }
    let mods = d.fit(&item, &w.mods, &w.not_mods);
    d.named.push(Line {
        item: item.clone(),
        qty: 1,
        mods: mods.clone(),
    });
    // "just the soda" after refusing the whiskey: the soda is already poured.
    if w.definite && d.removing_any() && d.ctx.last_order.iter().any(|l| l.item == item) {
        return;
    }
    if let Some(from) = d.instead.take() {
        let to = Want {
            item: item.clone(),
            mods: mods.clone(),
            not_mods: vec![],
            ..w.clone()
        };
        swap(d, Some(from), None, vec![to]);
        return;
    }
    if d.correcting {
        d.correcting = false;
        let counted = matches!(w.qty, Qty::Exact(_) | Qty::Party(Some(_)));
        if let Some(last) = d.adds.pop() {
            let qty = if counted {
                w.count().unwrap_or(1)
            } else {
                last.line.qty
            };
            d.add(Line { item, qty, mods }, true);
            return;
        }
        if let Some(last) = d.ctx.last_line.clone()
            && last.item != item
            && d.ctx.on_tab(&last.item, None) > 0
            && !w.more
        {
            let to = Want {
                item: item.clone(),
                mods: mods.clone(),
                not_mods: vec![],
                ..w.clone()
            };
            swap(d, None, None, vec![to]);
            return;
        }
    }
    if let Some(n) = d.count(w, &item, &mods) {
        d.add(Line { item, qty: n, mods }, !matches!(w.qty, Qty::Default));
    }
}

/// What a swap takes off: the drink, its modifiers, how many of it are on the tab, and
/// whether the guest named it in the plural ("swap the martinis").
struct Source {
    item: String,
    mods: Vec<String>,
    on_tab: u32,
    plural: bool,
}

/// `from` (None: the drink just ordered) becomes `to`.
pub fn swap(d: &mut Draft, from: Option<Want>, from_qty: Option<u32>, to: Vec<Want>) {
    let Some(target) = to.first().cloned() else {
        return;
    };
    let source = match &from {
        Some(f) => named_source(d, f, &target),
        None => last_source(d, &target, &to),
    };
    let Some(Source {
        item,
        mods,
        on_tab,
        plural,
    }) = source
    else {
        return;
    };
    let asked_to = target
        .count()
        .filter(|_| !matches!(target.qty, Qty::Default));
    let take = from_qty
        .or(from
            .as_ref()
            .and_then(|f| f.count().filter(|_| matches!(f.qty, Qty::Exact(_)))))
        .or((plural).then_some(on_tab))
        .or(asked_to.map(|n| n.min(on_tab.max(1))))
        .unwrap_or(if from.is_none() { on_tab } else { 1 })
        .max(1);
    d.remove(&item, Some(take), &mods);
    pour_instead(d, to, take);
}

/// "swap the water for a lemonade": the water, if it is on the tab or in this message; if
/// not, Maya says so and offers the lemonade instead.
fn named_source(d: &mut Draft, f: &Want, target: &Want) -> Option<Source> {
    let mods = d.fit(&f.item, &f.mods, &[]);
    let in_turn = d.adds.iter().any(|a| a.line.item == f.item);
    let n = d.ctx.on_tab(&f.item, None);
    if n == 0 && !in_turn {
        d.say
            .push("I don't see that on your tab, so there's nothing to swap.".into());
        let offer = answers::counted(&Line {
            item: target.item.clone(),
            qty: target.count().unwrap_or(1),
            mods: vec![],
        });
        d.ask(format!("Shall I pour you {offer}?"));
        return None;
    }
    Some(Source {
        item: f.item.clone(),
        mods,
        on_tab: n,
        plural: f.plural,
    })
}

/// "make it a manhattan": the drink just ordered, in this message or the last. Some cases
/// are done here and need no swap (None): a drink of this message is replaced in place,
/// after a removal or with nothing ordered yet `to` is simply ordered, and "make that two
/// negronis" is a count.
fn last_source(d: &mut Draft, target: &Want, to: &[Want]) -> Option<Source> {
    if let Some(last) = d.adds.last().cloned() {
        // "a negroni, no wait, make it a manhattan": still in the same message.
        d.adds.pop();
        let qty = target
            .count()
            .filter(|_| target.qty != Qty::Default)
            .unwrap_or(last.line.qty);
        let mods = d.fit(&target.item, &target.mods, &target.not_mods);
        d.add(
            Line {
                item: target.item.clone(),
                qty,
                mods,
            },
            true,
        );
        return None;
    }
    if d.removes.last().is_some() {
        // "scratch the vodka, make it a whisky": the vodka is already going.
        for w in to {
            order(d, w);
        }
        return None;
    }
    let Some(last) = d.ctx.last_line.clone() else {
        for w in to {
            order(d, w);
        }
        return None;
    };
    if last.item == target.item && target.mods.is_empty() {
        // "make that two negronis": the count, not a swap.
        if let Some(n) = target.count().filter(|_| target.qty != Qty::Default) {
            set_qty(d, n);
        }
        return None;
    }
    let n = d.ctx.on_tab(&last.item, Some(&last.mods));
    Some(Source {
        item: last.item.clone(),
        mods: last.mods.clone(),
        on_tab: n.min(last.qty).max(1),
        plural: false,
    })
}

/// What replaces the drinks taken off: the first of `to` as many times as were taken (unless
/// counted), the rest ordered as they were asked for.
fn pour_instead(d: &mut Draft, to: Vec<Want>, take: u32) {
    let mut rest = to.into_iter();
    if let Some(first) = rest.next() {
        let qty = first
            .count()
            .filter(|_| !matches!(first.qty, Qty::Default))
            .unwrap_or(take);
        let mods = d.fit(&first.item, &first.mods, &first.not_mods);
        d.named.push(Line {
            item: first.item.clone(),
            qty,
            mods: mods.clone(),
        });
        d.add(
            Line {
                item: first.item.clone(),
                qty,
                mods,
            },
            true,
        );
    }
    for w in rest {
        order(d, &w);
    }
}

/// "make that three": the drink just ordered, to this count.
pub fn set_qty(d: &mut Draft, n: u32) {
    if let Some(a) = d.adds.last_mut() {
        a.line.qty = n;
        a.counted = true;
        return;
    }
    let Some(last) = d.ctx.last_line.clone() else {
        d.ask("Make what that many? Tell me which drink and I'll sort it.".into());
        return;
    };
    let current = d.ctx.on_tab(&last.item, Some(&last.mods));
    if n > current {
        d.add(
            Line {
                qty: n - current,
                ..last
            },
            true,
        );
    } else if n < current {
        d.remove(&last.item, Some(current - n), &last.mods);
    } else {
        d.say
            .push(format!("You already have {n}× {} on the tab.", last.item));
    }
}

/// "make it dirty", "stirred, not shaken": the drink just ordered, changed.
pub fn modify(d: &mut Draft, mods: &[String], not_mods: &[String], asked: bool) {
    let change = |d: &Draft, item: &str, old: &[String]| {
        let new: Vec<String> = mods
            .iter()
            .filter_map(|m| d.menu.modifier(m))
            .map(|m| m.name.clone())
            .collect();
        let mut all: Vec<String> = old
            .iter()
            .filter(|o| {
                let o = d.menu.modifier(o);
                !new.iter()
                    .filter_map(|n| d.menu.modifier(n))
                    .any(|n| o.is_some_and(|o| o.conflicts_with(n)))
            })
            .cloned()
            .collect();
        all.extend(new);
        d.fit(item, &all, not_mods)
    };
    if let Some(k) = d.adds.len().checked_sub(1) {
        let a = d.adds[k].line.clone();
        d.adds[k].line.mods = change(d, &a.item, &a.mods);
        return;
    }
    let Some(last) = d.ctx.last_line.clone() else {
        return;
    };
    let everyday = mods
        .iter()
        .all(|m| matches!(m.as_str(), "perfect" | "dry" | "with a twist"));
    if !asked && everyday {
        return;
    }
    let new = change(d, &last.item, &last.mods);
    if super::context::same_mods(&new, &last.mods) {
        return;
    }
    let n = d
        .ctx
        .on_tab(&last.item, Some(&last.mods))
        .min(last.qty)
        .max(1);
    d.remove(&last.item, Some(n), &last.mods);
    d.add(
        Line {
            item: last.item,
            qty: n,
            mods: new,
        },
        true,
    );
}

/// "one of them dirty": part of the drink just ordered, with other modifiers.
pub fn split(d: &mut Draft, parts: Vec<(u32, Vec<String>, Vec<String>)>) {
    let Some(base) = d.adds.last().cloned() else {
        if let Some((n, mods, not_mods)) = parts.first()
            && let Some(last) = d.ctx.last_line.clone()
        {
            let mut all = last.mods.clone();
            all.extend(mods.iter().cloned());
            let new = d.fit(&last.item, &all, not_mods);
            d.remove(&last.item, Some(*n), &last.mods);
            d.add(
                Line {
                    item: last.item,
                    qty: *n,
                    mods: new,
                },
                true,
            );
        }
        return;
    };
    let k = d.adds.len() - 1;
    let mut left = base.line.qty;
    for (n, mods, not_mods) in parts {
        if n > left {
            break;
        }
        left -= n;
        let mut all = base.line.mods.clone();
        all.extend(mods);
        let new = d.fit(&base.line.item, &all, &not_mods);
        d.adds.push(super::draft::Add {
            line: Line {
                item: base.line.item.clone(),
                qty: n,
                mods: new,
            },
            counted: true,
        });
    }
    d.adds[k].line.qty = left;
    d.adds.retain(|a| a.line.qty > 0);
}
