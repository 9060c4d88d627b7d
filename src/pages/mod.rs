//! One module per page.

pub mod cart;
pub mod home;
pub mod not_found;
