//! Sessions on disk: the append-only JSONL journal that is the truth of a session, and the store
//! that names, lists, locks and prunes them.

pub mod journal;
pub mod lock;
pub mod record;
pub mod recorder;
pub mod storage;
pub mod store;
