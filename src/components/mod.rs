//! Small components shared by the pages.

pub mod gauge;
pub mod language_switch;
pub mod field;
pub mod page_title;
