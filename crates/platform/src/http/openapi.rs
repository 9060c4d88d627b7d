//! The OpenAPI 3.1 description of the API, served at `/api/openapi.json`.

use utoipa::OpenApi;

use super::{error, list_versions, orders, quota, returns};

/// Every endpoint and schema of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "cbec-check platform API",
        description = "Annual quota, declaration lists (申报清单), returns and positive-list versions of China \
                       cross-border e-commerce retail import shoppers. Money is a string with two decimals \
                       (yuan); times are RFC 3339 UTC; quota years and return days follow China Standard Time (UTC+8)."
    ),
    paths(
        super::health,
        quota::get_quota,
        orders::list_orders,
        orders::create_order,
        orders::get_order,
        orders::cancel_order,
        returns::create_return,
        list_versions::list_versions,
        list_versions::get_list_version,
        list_versions::import_list_version,
    ),
    components(schemas(error::ErrorBody, error::ErrorDetail)),
    tags(
        (name = "health", description = "Server status"),
        (name = "quota", description = "Annual quota of a shopper"),
        (name = "orders", description = "Declaration lists (申报清单) of a shopper"),
        (name = "returns", description = "Returns of released lists"),
        (name = "list-versions", description = "Positive-list (正面清单) versions"),
    )
)]
pub struct ApiDoc;
