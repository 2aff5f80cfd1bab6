//! The domain: pure, synchronous, no I/O. `Bar::apply` is the only way tab, tip, wallet and
//! payment state change. It validates an [`Action`], and on success returns the [`BarEvent`]s
//! that describe what happened; the state changes only by folding those same events, which is
//! also how a journal is replayed. So live play and resume share one code path.

pub mod error;
pub mod lookup;
pub mod menu;
mod menu_toml;
pub mod payment;
pub mod tab;
pub mod taste;
pub mod text;
pub mod tip;
mod view;
pub mod wallet;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use error::{BarError, ErrorCode};
pub use menu::Menu;
pub use payment::{CardPayment, CheckoutLink, PaymentState, PendingPayment, Receipt};
pub use tab::{Line, Tab};
pub use tip::Tip;
pub use view::{LineView, TabView};
pub use wallet::BalanceLevel;

use crate::money::Cents;

/// Largest quantity of one drink in one order.
pub const MAX_QUANTITY: u32 = 20;

/// Everything that can be asked of the Bar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    Order {
        item: String,
        quantity: u32,
        #[serde(default)]
        modifiers: Vec<String>,
    },
    /// Remove `quantity` (all when `None`) of an item, newest lines first; with `modifiers`, only
    /// lines carrying all of them ("scratch the dirty one").
    Remove {
        item: String,
        quantity: Option<u32>,
        #[serde(default)]
        modifiers: Vec<String>,
    },
    RemoveLine {
        line: u32,
        quantity: Option<u32>,
    },
    SetTip(Tip),
    /// A tip button: the same percentage again clears the tip.
    ToggleTipPercent(u32),
    ClearTip,
    StartCheckout {
        idempotency_key: String,
    },
    CheckoutLinkReady(CheckoutLink),
    PaymentSucceeded {
        reference: String,
        paid_at: i64,
    },
    PaymentFailed {
        reason: String,
    },
    PaymentExpired,
    CancelCheckout,
    /// The guest pays the pending checkout with the test card (journaled before any request).
    StartCardPayment {
        idempotency_key: String,
        payment_method: String,
    },
    /// The gateway created the card payment (journaled before it is confirmed).
    CardPaymentCreated {
        payment_id: String,
    },
    /// The card payment never reached its confirm and is given up; the checkout stays pending.
    DropCardPayment {
        reason: String,
    },
}

/// What happened. These are journaled and replayed; they carry every figure they need (unit
/// prices, amounts) so a changed menu never changes a past session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum BarEvent {
    ItemAdded {
        line: u32,
        item: String,
        quantity: u32,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        modifiers: Vec<String>,
        unit_price: Cents,
    },
    ItemRemoved {
        line: u32,
        item: String,
        quantity: u32,
        refund: Cents,
    },
    TipChanged {
        tip: Tip,
    },
    CheckoutStarted {
        idempotency_key: String,
        amount: Cents,
        subtotal: Cents,
        tip: Cents,
    },
    CheckoutLinkReady(CheckoutLink),
    PaymentSucceeded {
        receipt: Receipt,
    },
    PaymentFailed {
        reason: String,
    },
    PaymentExpired,
    CheckoutCancelled,
    CardPaymentStarted {
        idempotency_key: String,
        amount: Cents,
        payment_method: String,
    },
    CardPaymentCreated {
        payment_id: String,
    },
    CardPaymentDropped {
        reason: String,
    },
}

impl BarEvent {
    /// Payment events are fsynced the moment they are journaled.
    pub fn is_payment(&self) -> bool {
        matches!(
            self,
            BarEvent::CheckoutStarted { .. }
                | BarEvent::CheckoutLinkReady(_)
                | BarEvent::PaymentSucceeded { .. }
                | BarEvent::PaymentFailed { .. }
                | BarEvent::PaymentExpired
                | BarEvent::CheckoutCancelled
                | BarEvent::CardPaymentStarted { .. }
                | BarEvent::CardPaymentCreated { .. }
                | BarEvent::CardPaymentDropped { .. }
        )
    }
}

/// The state that matters, separate from the menu so it can be compared and cloned cheaply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BarState {
    pub tab: Tab,
    pub tip: Tip,
    pub balance: Cents,
    pub payment: PaymentState,
    /// Bumped once per applied action (and per replayed batch of events).
    pub version: u64,
}

#[derive(Clone, Debug)]
pub struct Bar {
    menu: Arc<Menu>,
    state: BarState,
}

type Outcome = Result<Vec<BarEvent>, BarError>;

impl Bar {
    pub fn new(menu: Arc<Menu>, starting_balance: Cents) -> Bar {
        Bar {
            menu,
            state: BarState {
                tab: Tab::default(),
                tip: Tip::None,
                balance: starting_balance,
                payment: PaymentState::Open,
                version: 0,
            },
        }
    }

    pub fn menu(&self) -> &Arc<Menu> {
        &self.menu
    }

    pub fn state(&self) -> &BarState {
        &self.state
    }

    pub fn subtotal(&self) -> Cents {
        self.state.tab.subtotal()
    }

    pub fn tip_amount(&self) -> Cents {
        self.state.tip.amount(self.subtotal())
    }

    pub fn total(&self) -> Cents {
        self.subtotal() + self.tip_amount()
    }

    /// Validate `action`; on success fold its events into the state and return them.
    /// A refused action changes nothing.
    pub fn apply(&mut self, action: Action) -> Outcome {
        let events = self.decide(action)?;
        self.replay(&events);
        Ok(events)
    }

    /// Fold already-decided events (from `apply` or a journal) into the state.
    pub fn replay(&mut self, events: &[BarEvent]) {
        for e in events {
            self.fold(e);
        }
        self.state.version += 1;
    }

    fn decide(&self, action: Action) -> Outcome {
        let s = &self.state;
        match action {
            Action::Order {
                item,
                quantity,
                modifiers,
            } => self.decide_order(&item, quantity, &modifiers),
            Action::Remove {
                item,
                quantity,
                modifiers,
            } => self.decide_remove(&item, quantity, &modifiers),
            Action::RemoveLine { line, quantity } => self.decide_remove_line(line, quantity),
            Action::SetTip(tip) => self.decide_tip(tip),
            Action::ToggleTipPercent(p) => {
                if s.tip == (Tip::Percent { percent: p }) {
                    self.decide_tip(Tip::None)
                } else {
                    self.decide_tip(Tip::Percent { percent: p })
                }
            }
            Action::ClearTip => self.decide_tip(Tip::None),
            Action::StartCheckout { idempotency_key } => self.decide_checkout(idempotency_key),
            Action::CheckoutLinkReady(link) => match s.payment.pending() {
                Some(p) if p.link.is_none() => Ok(vec![BarEvent::CheckoutLinkReady(link)]),
                Some(_) => Err(BarError::new(
                    ErrorCode::InvalidTransition,
                    "This checkout already has a payment link.",
                )),
                None => Err(no_pending()),
            },
            Action::PaymentSucceeded { reference, paid_at } => self.decide_paid(reference, paid_at),
            Action::PaymentFailed { reason } => {
                s.payment.pending().ok_or_else(no_pending)?;
                Ok(vec![BarEvent::PaymentFailed { reason }])
            }
            Action::PaymentExpired => {
                s.payment.pending().ok_or_else(no_pending)?;
                payment::refuse_if_card(s, "The checkout cannot expire now")?;
                Ok(vec![BarEvent::PaymentExpired])
            }
            Action::CancelCheckout => {
                s.payment.pending().ok_or_else(no_pending)?;
                payment::refuse_if_card(s, "The checkout cannot be cancelled now")?;
                Ok(vec![BarEvent::CheckoutCancelled])
            }
            Action::StartCardPayment {
                idempotency_key,
                payment_method,
            } => payment::start_card(s, idempotency_key, payment_method),
            Action::CardPaymentCreated { payment_id } => payment::card_created(s, payment_id),
            Action::DropCardPayment { reason } => payment::drop_card(s, reason),
        }
    }

    /// A check for the tab and its tip; refused on an empty tab, a tip the balance cannot
    /// cover, or a missing idempotency key.
    fn decide_checkout(&self, idempotency_key: String) -> Outcome {
        self.refuse_if_pending("A new checkout cannot start")?;
        let s = &self.state;
        if s.tab.is_empty() {
            return Err(BarError::new(
                ErrorCode::NothingToPay,
                "The tab is empty, so there is nothing to pay yet.",
            ));
        }
        let (subtotal, tip) = (self.subtotal(), self.tip_amount());
        if tip > s.balance {
            return Err(BarError::new(
                ErrorCode::InsufficientFunds,
                format!(
                    "The balance of {} cannot cover the {} tip; lower the tip first.",
                    s.balance, tip
                ),
            ));
        }
        if idempotency_key.trim().is_empty() {
            return Err(BarError::new(
                ErrorCode::InvalidArguments,
                "A checkout needs an idempotency key.",
            ));
        }
        Ok(vec![BarEvent::CheckoutStarted {
            idempotency_key,
            amount: subtotal + tip,
            subtotal,
            tip,
        }])
    }

    /// The pending payment went through: the receipt is what the tab and tip were at checkout.
    fn decide_paid(&self, reference: String, paid_at: i64) -> Outcome {
        let s = &self.state;
        let p = s.payment.pending().ok_or_else(no_pending)?;
        Ok(vec![BarEvent::PaymentSucceeded {
            receipt: Receipt {
                lines: s.tab.lines.clone(),
                subtotal: p.subtotal,
                tip: p.tip,
                tip_choice: s.tip,
                total: p.amount,
                reference,
                simulated: p.link.as_ref().is_some_and(|l| l.simulated),
                paid_at,
            },
        }])
    }

    fn refuse_if_pending(&self, what: &str) -> Result<(), BarError> {
        if self.state.payment.is_pending() {
            Err(BarError::payment_pending(what))
        } else {
            Ok(())
        }
    }

    /// The one place state changes.
    fn fold(&mut self, event: &BarEvent) {
        let s = &mut self.state;
        match event {
            BarEvent::ItemAdded {
                line,
                item,
                quantity,
                modifiers,
                unit_price,
            } => {
                if !s.payment.is_pending() {
                    s.payment = PaymentState::Open;
                }
                s.tab.add(*line, item, *quantity, modifiers, *unit_price);
                s.balance = s.balance - Cents(unit_price.0.saturating_mul(i64::from(*quantity)));
            }
            BarEvent::ItemRemoved {
                line,
                quantity,
                refund,
                ..
            } => {
                s.tab.remove(*line, *quantity);
                s.balance = s.balance + *refund;
            }
            BarEvent::TipChanged { tip } => s.tip = *tip,
            BarEvent::CheckoutStarted {
                idempotency_key,
                amount,
                subtotal,
                tip,
            } => {
                s.payment = PaymentState::Pending(PendingPayment {
                    idempotency_key: idempotency_key.clone(),
                    amount: *amount,
                    subtotal: *subtotal,
                    tip: *tip,
                    link: None,
                    card: None,
                });
            }
            BarEvent::CheckoutLinkReady(link) => {
                if let PaymentState::Pending(p) = &mut s.payment {
                    p.link = Some(link.clone());
                }
            }
            BarEvent::PaymentSucceeded { receipt } => {
                s.balance = s.balance - receipt.tip;
                s.tab.clear();
                s.tip = Tip::None;
                s.payment = PaymentState::Paid {
                    receipt: receipt.clone(),
                };
            }
            BarEvent::PaymentFailed { reason } => {
                s.payment = PaymentState::Failed {
                    reason: reason.clone(),
                };
            }
            BarEvent::PaymentExpired | BarEvent::CheckoutCancelled => {
                s.payment = PaymentState::Expired;
            }
            BarEvent::CardPaymentStarted { .. }
            | BarEvent::CardPaymentCreated { .. }
            | BarEvent::CardPaymentDropped { .. } => payment::fold_card(&mut s.payment, event),
        }
    }

    pub fn view(&self) -> TabView {
        TabView::of(self)
    }
}

fn no_pending() -> BarError {
    BarError::new(
        ErrorCode::NoPendingPayment,
        "There is no checkout in progress. Ask for the check first.",
    )
}

#[cfg(test)]
mod tests;
