//! Statuses of a declaration list (申报清单) and their customs receipt codes.

use cbec_rules::returns::ListStatus;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Status of a declaration list, named after the customs receipt status (回执状态)
/// it carries, plus `cancelled` for a list withdrawn by a cancellation request
/// (撤销申请单, CEB623).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Entered into the customs system (120).
    Declared,
    /// Under manual review (300).
    ManualReview,
    /// Review concluded (399).
    Concluded,
    /// Under inspection (500).
    Inspection,
    /// Detained (501, 502, 503 or 599).
    Detained,
    /// Suspended, for example while the tax guarantee is used up (600).
    Suspended,
    /// Shipped back (700).
    ShippedBack,
    /// Released (800).
    Released,
    /// Closed after release (899).
    Closed,
    /// Rejected by customs (100); never counts toward the annual limit.
    Rejected,
    /// Withdrawn before release; never counts toward the annual limit.
    Cancelled,
}

impl OrderStatus {
    /// Every status, in the order of the customs flow.
    pub const ALL: [OrderStatus; 11] = [
        OrderStatus::Declared,
        OrderStatus::ManualReview,
        OrderStatus::Concluded,
        OrderStatus::Inspection,
        OrderStatus::Detained,
        OrderStatus::Suspended,
        OrderStatus::ShippedBack,
        OrderStatus::Released,
        OrderStatus::Closed,
        OrderStatus::Rejected,
        OrderStatus::Cancelled,
    ];

    /// Returns the name used in JSON and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Declared => "declared",
            OrderStatus::ManualReview => "manual_review",
            OrderStatus::Concluded => "concluded",
            OrderStatus::Inspection => "inspection",
            OrderStatus::Detained => "detained",
            OrderStatus::Suspended => "suspended",
            OrderStatus::ShippedBack => "shipped_back",
            OrderStatus::Released => "released",
            OrderStatus::Closed => "closed",
            OrderStatus::Rejected => "rejected",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    /// Parses the name used in JSON and in the database.
    pub fn parse(name: &str) -> Option<OrderStatus> {
        OrderStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == name)
    }

    /// Returns the customs receipt codes a list in this status may carry. A cancelled
    /// list keeps the code of its last receipt, so it accepts those of the statuses
    /// before release.
    pub fn receipt_codes(self) -> &'static [i64] {
        match self {
            OrderStatus::Declared => &[120],
            OrderStatus::ManualReview => &[300],
            OrderStatus::Concluded => &[399],
            OrderStatus::Inspection => &[500],
            OrderStatus::Detained => &[501, 502, 503, 599],
            OrderStatus::Suspended => &[600],
            OrderStatus::ShippedBack => &[700],
            OrderStatus::Released => &[800],
            OrderStatus::Closed => &[899],
            OrderStatus::Rejected => &[100],
            OrderStatus::Cancelled => &[120, 300, 399, 500, 501, 502, 503, 599, 600],
        }
    }

    /// Returns the receipt code recorded when a request gives none.
    pub fn default_receipt_code(self) -> i64 {
        self.receipt_codes()[0]
    }

    /// Returns the state the rules crate decides the annual total by.
    pub fn list_status(self) -> ListStatus {
        match self {
            OrderStatus::Declared
            | OrderStatus::ManualReview
            | OrderStatus::Concluded
            | OrderStatus::Inspection
            | OrderStatus::Detained
            | OrderStatus::Suspended => ListStatus::Pending,
            OrderStatus::Released | OrderStatus::Closed => ListStatus::Released,
            OrderStatus::ShippedBack => ListStatus::ShippedBack,
            OrderStatus::Rejected => ListStatus::Rejected,
            OrderStatus::Cancelled => ListStatus::Cancelled,
        }
    }

    /// Tells whether the list's dutiable value counts toward the annual limit, as
    /// [`ListStatus::counts`] decides.
    pub fn counts_toward_quota(self) -> bool {
        self.list_status().counts()
    }

    /// Returns the SQL list of the status names that count toward the annual limit,
    /// such as `('declared', 'released')`, for an `IN` condition. The names are this
    /// enum's constants, never user input.
    pub fn counted_sql_list() -> String {
        let names: Vec<String> = OrderStatus::ALL
            .into_iter()
            .filter(|status| status.counts_toward_quota())
            .map(|status| format!("'{}'", status.as_str()))
            .collect();
        format!("({})", names.join(", "))
    }

    /// Tells whether the goods were released, which opens the return window.
    pub fn is_released(self) -> bool {
        matches!(self, OrderStatus::Released | OrderStatus::Closed)
    }

    /// Tells whether a cancellation request may still withdraw the list.
    pub fn is_cancellable(self) -> bool {
        matches!(
            self,
            OrderStatus::Declared
                | OrderStatus::ManualReview
                | OrderStatus::Concluded
                | OrderStatus::Inspection
                | OrderStatus::Detained
                | OrderStatus::Suspended
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(status.as_str()), Some(status));
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
        assert_eq!(OrderStatus::parse("Released"), None);
    }

    #[test]
    fn rejected_cancelled_shipped_back_do_not_count() {
        let not_counted: Vec<_> = OrderStatus::ALL
            .into_iter()
            .filter(|s| !s.counts_toward_quota())
            .collect();
        assert_eq!(
            not_counted,
            [
                OrderStatus::ShippedBack,
                OrderStatus::Rejected,
                OrderStatus::Cancelled
            ]
        );
    }

    #[test]
    fn counted_sql_list_names_counted_statuses() {
        let list = OrderStatus::counted_sql_list();
        assert!(list.contains("'released'"), "{list}");
        assert!(list.contains("'declared'"), "{list}");
        assert!(!list.contains("'rejected'"), "{list}");
        assert!(!list.contains("'shipped_back'"), "{list}");
    }
}
