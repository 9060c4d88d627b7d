//! Small components shared by the pages.

pub mod field;
pub mod gauge;
pub mod language_switch;
pub mod page_title;
