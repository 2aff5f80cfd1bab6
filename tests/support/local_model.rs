//! A local OpenAI-compatible server for tests that run the real binary: wiremock on
//! 127.0.0.1 answering `POST …/chat/completions` with the given responder, on a runtime the
//! test owns (the binary is another process, so the server must outlive the test's awaits).

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Respond};

pub struct LocalModel {
    pub server: MockServer,
    /// The base URL to give Maya (`MAYA_BASE_URL`), ending in `/v1`.
    pub base_url: String,
    _runtime: tokio::runtime::Runtime,
}

impl LocalModel {
    /// Every request the server has answered so far.
    pub fn received_requests(&self) -> Vec<wiremock::Request> {
        self._runtime
            .block_on(self.server.received_requests())
            .unwrap_or_default()
    }
}

pub fn serve(responder: impl Respond + 'static) -> LocalModel {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v1/chat/completions"))
            .respond_with(responder)
            .mount(&server)
            .await;
        server
    });
    LocalModel {
        base_url: format!("{}/v1", server.uri()),
        server,
        _runtime: runtime,
    }
}
