//! The built web app served beside the API, with the SPA fallback.

mod common;

use axum::http::StatusCode;
use common::TestApp;

#[tokio::test]
async fn serves_web_app_with_spa_fallback() {
    let web = tempfile::tempdir().unwrap();
    std::fs::write(
        web.path().join("index.html"),
        "<!doctype html><title>cbec-check</title>",
    )
    .unwrap();
    std::fs::write(web.path().join("app.js"), "console.log('app')").unwrap();
    let app = TestApp::sqlite_with_static(Some(web.path().to_path_buf())).await;

    let index = app.get("/").await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.content_type.starts_with("text/html"));
    assert!(index.text.contains("<title>cbec-check</title>"));

    let script = app.get("/app.js").await;
    assert_eq!(script.status, StatusCode::OK);
    assert_eq!(script.text, "console.log('app')");

    let client_route = app.get("/returns/42").await;
    assert_eq!(client_route.status, StatusCode::OK);
    assert!(client_route.text.contains("<title>cbec-check</title>"));

    let api = app.get("/api/v1/missing").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert!(api.content_type.starts_with("application/json"));
    assert_eq!(api.code(), "route.not_found");

    let health = app.get("/api/v1/health").await;
    assert_eq!(health.json["database"], "sqlite");
}
