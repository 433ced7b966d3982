//! The test harness: [`spawn_app`] builds an app on its own database file
//! and manual clock; [`spawn_app_on`] on either backend, PostgreSQL in a
//! schema of its own on the server `ILGI_TEST_POSTGRES` names (the test
//! command starts one); [`TestApp`] sends requests and has shortcuts for
//! the account flows.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use ilgi_core::sync::protocol::{Role, SignupResponse};
use ilgi_server::store::Store;
use ilgi_server::store::postgres::PostgresStore;
use ilgi_server::store::sqlite::SqliteStore;
use ilgi_server::{AppState, Clock, Config, app};
use serde_json::{Value, json};
use tempfile::TempDir;
use tower::ServiceExt;

/// 2025-12-01T00:00:00Z: where every test clock starts.
pub const START: i64 = 1_764_547_200_000;

/// The client address requests come from unless a test says otherwise.
pub const CLIENT: IpAddr = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1));

/// A password good enough for the server.
pub const PASSWORD: &str = "correct horse battery";

/// Which database a test app stores in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    /// A fresh schema of this name on the `ILGI_TEST_POSTGRES` server.
    Postgres(String),
}

impl Backend {
    /// A PostgreSQL schema no other test uses.
    pub fn postgres() -> Backend {
        Backend::Postgres(format!(
            "t_{:016x}",
            getrandom::u64().expect("random bytes")
        ))
    }
}

/// An app on its own database, with a clock the test moves.
pub struct TestApp {
    /// Always `Some` until dropped.
    router: Option<Router>,
    pub clock: Clock,
    /// Keeps the database folder until the last app using it is dropped.
    dir: Arc<TempDir>,
    config: Config,
    pub backend: Backend,
}

/// Builds an app with the test configuration (cheap password hashing).
pub fn spawn_app() -> TestApp {
    spawn_app_with(|_| {})
}

/// Builds an app on `backend`.
pub fn spawn_app_on(backend: Backend) -> TestApp {
    spawn_app_on_with(backend, |_| {})
}

/// Builds an app after `configure` changed the test configuration.
pub fn spawn_app_with(configure: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_on_with(Backend::Sqlite, configure)
}

/// Builds an app on `backend` after `configure` changed the configuration.
pub fn spawn_app_on_with(backend: Backend, configure: impl FnOnce(&mut Config)) -> TestApp {
    let mut config = Config::for_tests();
    configure(&mut config);
    let dir = Arc::new(tempfile::tempdir().expect("a temporary folder"));
    build(dir, config, Clock::manual(START), backend)
}

/// The PostgreSQL server of the test run.
fn postgres_url() -> String {
    std::env::var("ILGI_TEST_POSTGRES").unwrap_or_else(|_| {
        panic!(
            "ILGI_TEST_POSTGRES is not set: the server's tests run against a real PostgreSQL. \
             Run `cargo xtask test` (it starts one), or `cargo xtask pg` and set the URL it prints"
        )
    })
}

fn build(dir: Arc<TempDir>, config: Config, clock: Clock, backend: Backend) -> TestApp {
    let store: Arc<dyn Store> = match &backend {
        Backend::Sqlite => {
            Arc::new(SqliteStore::open(&database(dir.path()), 2).expect("the database opens"))
        }
        Backend::Postgres(schema) => {
            let (url, schema) = (postgres_url(), schema.clone());
            // The synchronous client runs its own small runtime: open (and
            // later close) it outside the test's async runtime.
            let store = std::thread::spawn(move || PostgresStore::open(&url, Some(&schema), 4))
                .join()
                .expect("opening PostgreSQL panicked")
                .expect("PostgreSQL opens");
            Arc::new(store)
        }
    };
    let state = AppState::new(store, config.clone(), clock.clone()).expect("the state builds");
    TestApp {
        router: Some(app(state)),
        clock,
        dir,
        config,
        backend,
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // The router holds the store: drop it on a plain thread, where the
        // PostgreSQL client may block to close its connections.
        if let Some(router) = self.router.take() {
            let _ = std::thread::spawn(move || drop(router)).join();
        }
    }
}

fn database(dir: &Path) -> PathBuf {
    dir.join("data").join("ilgi.db")
}

/// A response, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}), status {}: {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// `error.code` of a JSON error body.
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error code in {}", self.text()))
            .to_string()
    }

    pub fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the status, showing the body when it differs.
    #[track_caller]
    pub fn expect(&self, status: u16) -> &Answer {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.text());
        self
    }
}

impl TestApp {
    /// The same database and clock behind a new app, as after a restart.
    pub fn restart(&self) -> TestApp {
        build(
            Arc::clone(&self.dir),
            self.config.clone(),
            self.clock.clone(),
            self.backend.clone(),
        )
    }

    /// Sends a request as it would arrive from `CLIENT` (unless it already
    /// names its client address).
    pub async fn send(&self, mut request: Request<Body>) -> Answer {
        if request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .is_none()
        {
            request
                .extensions_mut()
                .insert(ConnectInfo(SocketAddr::new(CLIENT, 40_000)));
        }
        let response = self
            .router
            .clone()
            .expect("the app is running")
            .oneshot(request)
            .await
            .expect("the router never fails");
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("the body reads");
        Answer {
            status,
            headers,
            body,
        }
    }

    /// A request with an optional bearer token and JSON body.
    pub fn request(
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Request<Body> {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match body {
            Some(value) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Body::from(value.to_string())
            }
            None => Body::empty(),
        };
        builder.body(body).expect("a valid request")
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Answer {
        self.send(Self::request(Method::GET, path, token, None))
            .await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Answer {
        self.send(Self::request(Method::POST, path, token, Some(body)))
            .await
    }

    /// A POST from another client address.
    pub async fn post_from(&self, ip: IpAddr, path: &str, body: &Value) -> Answer {
        let mut request = Self::request(Method::POST, path, None, Some(body));
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::new(ip, 40_000)));
        self.send(request).await
    }

    /// Signs up a new workspace; asserts 201.
    pub async fn signup(&self, workspace: &str, email: &str) -> SignupResponse {
        let answer = self
            .post(
                "/api/v1/auth/signup",
                None,
                &json!({"workspace": workspace, "email": email, "password": PASSWORD}),
            )
            .await;
        answer.expect(201);
        serde_json::from_slice(&answer.body).expect("a sign-up answer")
    }

    pub async fn login(&self, email: &str, password: &str) -> Answer {
        self.post(
            "/api/v1/auth/login",
            None,
            &json!({"email": email, "password": password}),
        )
        .await
    }

    /// Logs in; asserts 200 and returns the token.
    pub async fn token(&self, email: &str, password: &str) -> String {
        let answer = self.login(email, password).await;
        answer.expect(200);
        answer.json()["token"]
            .as_str()
            .expect("a token")
            .to_string()
    }

    pub async fn invite(&self, token: &str, email: &str, role: Role) -> Answer {
        self.post(
            "/api/v1/invitations",
            Some(token),
            &json!({"email": email, "role": role}),
        )
        .await
    }

    /// Invites; asserts 201 and returns the code.
    pub async fn invitation_code(&self, token: &str, email: &str, role: Role) -> String {
        let answer = self.invite(token, email, role).await;
        answer.expect(201);
        answer.json()["code"].as_str().expect("a code").to_string()
    }

    pub async fn accept(&self, code: &str, password: &str) -> Answer {
        self.post(
            "/api/v1/auth/accept",
            None,
            &json!({"code": code, "password": password}),
        )
        .await
    }

    /// Invites and accepts; returns the new member's token.
    pub async fn member(&self, admin_token: &str, email: &str, role: Role) -> String {
        let code = self.invitation_code(admin_token, email, role).await;
        let answer = self.accept(&code, PASSWORD).await;
        answer.expect(201);
        answer.json()["token"]
            .as_str()
            .expect("a token")
            .to_string()
    }

    pub async fn me(&self, token: &str) -> Answer {
        self.get("/api/v1/me", Some(token)).await
    }
}
