//! Accounts, passwords, the session and the policy. The policy table ([`policy`]) is the only
//! place that compares roles.

pub mod policy;

pub use policy::{Action, Refused, Role, allowed};
