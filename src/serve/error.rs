//! Errors as the API answers them: `{"error": {"kind", "message"}}` (and `column` for a query
//! error) with the status that fits. Never a panic's text or a stack trace.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    /// `parameter`, `query`, `not_found`, `unavailable`, `busy`, `timeout`, `internal`.
    pub kind: &'static str,
    pub message: String,
    /// 1-based column of a query error.
    pub column: Option<usize>,
}

impl ApiError {
    pub fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            kind,
            message: message.into(),
            column: None,
        }
    }

    /// A bad parameter (400).
    pub fn bad(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "parameter", message)
    }

    /// The index cannot be read (503).
    pub fn unavailable(e: impl std::fmt::Display) -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            format!("the index cannot be read: {e}"),
        )
    }

    /// A bug or an unexpected failure (500): the message says so, without internals.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    /// What the library said: a malformed query is a 400 with its column; a damaged or
    /// missing index a 503; anything else a 500.
    pub fn from_engine(e: anyhow::Error) -> ApiError {
        if let Some(q) = e.downcast_ref::<byline::search::BadQuery>() {
            return ApiError {
                column: q.column,
                ..ApiError::new(StatusCode::BAD_REQUEST, "query", q.to_string())
            };
        }
        if e.chain()
            .any(|c| c.is::<tantivy::TantivyError>() || c.is::<std::io::Error>())
        {
            return ApiError::unavailable(format!("{e:#}"));
        }
        ApiError::internal(format!("{e:#}"))
    }

    /// The JSON body.
    pub fn body(&self) -> serde_json::Value {
        let mut inner = serde_json::json!({"kind": self.kind, "message": self.message});
        if let Some(c) = self.column {
            inner["column"] = c.into();
        }
        serde_json::json!({ "error": inner })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            self.body().to_string(),
        )
            .into_response()
    }
}
