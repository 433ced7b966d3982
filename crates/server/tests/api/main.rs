//! Integration tests of the HTTP API, in one binary (one link, shared
//! helpers). Each test builds the whole app with `ilgi_server::app` on a
//! fresh SQLite file in a temporary folder and sends it requests with
//! `tower::ServiceExt::oneshot`, without a socket; see `support.rs`.
//! The sync tests (`sync.rs`) run on SQLite and on a real PostgreSQL.

mod accounts;
mod health;
mod invitations;
mod limits;
mod logs;
mod openapi;
mod sessions;
mod static_files;
mod support;
mod sync;
