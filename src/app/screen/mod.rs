//! One file per screen, as `ui/` has one per view: each holds that screen's state, its focus
//! (an enum, where the screen has several focusable parts) and its `on_action`, which
//! `update` calls for the keys no overlay and no shared editing key took.

pub mod accounts;
pub mod audit;
pub mod dashboard;
pub mod first_run;
pub mod history;
pub mod home;
pub mod lock;
pub mod login;
pub mod progress;
pub mod record;
pub mod recovery;
pub mod register;
pub mod settings;
pub mod stage;
pub mod supervision;
pub mod wizard;
