//! A provider wrapper that holds each request until the process-wide rate limit lets it go
//! (`security::rate` keeps the limiter; this is the provider side of it).

use std::sync::Arc;

use super::{ChatRequest, Provider, ProviderStream};
use crate::security::rate::Limiter;

/// A provider wrapper that waits for the process-wide request limit before each round.
pub struct Limited {
    pub inner: Arc<dyn Provider>,
    pub limiter: Arc<Limiter>,
}

impl Provider for Limited {
    fn id(&self) -> &str {
        self.inner.id()
    }
    fn model(&self) -> &str {
        self.inner.model()
    }
    fn stream(&self, request: ChatRequest) -> ProviderStream {
        use futures::StreamExt;
        let limiter = self.limiter.clone();
        let inner = self.inner.stream(request);
        futures::stream::once(async move { limiter.until_ready().await })
            .filter_map(|()| async { None })
            .chain(inner)
            .boxed()
    }
}
