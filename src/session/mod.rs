//! Sessions on disk: the append-only JSONL journal that is the truth of a session (`journal`,
//! written through `storage`, the lazy file backend), what a session journals and how it is
//! resumed (`record`, `recorder`), and the catalog that names, finds, lists and prunes sessions
//! (`catalog`), each guarded by its `lock`.

pub mod catalog;
pub mod journal;
pub mod lock;
pub mod record;
pub mod recorder;
pub mod storage;
