//! The shopper's quota figures, shared by the pages: the last good figures, where
//! they came from, and the error of the last attempt to refresh them.

use gloo_storage::{LocalStorage as BrowserStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use crate::api::{ApiClient, ApiError, Quota};

/// Where the figures on screen came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Fetched from the API during this visit.
    Live,
    /// Read from localStorage, saved by an earlier visit.
    Cached,
}

/// The shared quota state. `Copy`, so it goes into context and closures freely.
#[derive(Clone, Copy)]
pub struct QuotaStore {
    figures: RwSignal<Option<(Quota, Origin)>>,
    error: RwSignal<Option<ApiError>>,
    loading: RwSignal<bool>,
    client: StoredValue<ApiClient>,
    shopper_id: StoredValue<String>,
    // AbortController is a JS object and not `Send`, so it is kept in local storage
    // of the reactive arena.
    in_flight: StoredValue<Option<AbortController>, LocalStorage>,
}

impl QuotaStore {
    /// Creates the store with the figures cached by an earlier visit, if any. Call
    /// [`QuotaStore::refresh`] to fetch the current ones.
    pub fn new(client: ApiClient, shopper_id: String) -> QuotaStore {
        let cached = read_cache(&shopper_id).map(|quota| (quota, Origin::Cached));
        let store = QuotaStore {
            figures: RwSignal::new(cached),
            error: RwSignal::new(None),
            loading: RwSignal::new(false),
            client: StoredValue::new(client),
            shopper_id: StoredValue::new(shopper_id),
            in_flight: StoredValue::new_local(None),
        };

        // A request still running when the app is unmounted must not write to
        // disposed signals: abort it.
        on_cleanup(move || store.abort_in_flight());
        store
    }

    /// Returns the store provided by `CbecRoot`.
    ///
    /// # Panics
    ///
    /// Panics outside `CbecRoot`, which is a programming error.
    pub fn expect() -> QuotaStore {
        expect_context::<QuotaStore>()
    }

    /// The last good figures and their origin, or `None` before any arrived.
    pub fn figures(self) -> Option<(Quota, Origin)> {
        self.figures.get()
    }

    /// The error of the last refresh, cleared by a successful one.
    pub fn error(self) -> Option<ApiError> {
        self.error.get()
    }

    pub fn loading(self) -> bool {
        self.loading.get()
    }

    /// Fetches the figures again, replacing a request still in flight.
    pub fn refresh(self) {
        self.abort_in_flight();
        let controller = AbortController::new().ok();
        let signal = controller.as_ref().map(AbortController::signal);
        self.in_flight.set_value(controller);
        self.loading.set(true);

        let client = self.client.get_value();
        let shopper_id = self.shopper_id.get_value();
        spawn_local(async move {
            let result = client.quota(&shopper_id, signal.as_ref()).await;
            if signal.as_ref().is_some_and(web_sys::AbortSignal::aborted) {
                return;
            }

            match result {
                Ok(quota) => {
                    write_cache(&quota);
                    self.figures.set(Some((quota, Origin::Live)));
                    self.error.set(None);
                }
                Err(error) => {
                    leptos::logging::warn!("quota of shopper {shopper_id} not refreshed: {error}");
                    self.error.set(Some(error));
                }
            }
            self.loading.set(false);
        });
    }

    fn abort_in_flight(self) {
        if let Some(Some(controller)) = self.in_flight.try_update_value(Option::take) {
            controller.abort();
        }
    }
}

fn cache_key(shopper_id: &str) -> String {
    format!("cbec.quota.{shopper_id}")
}

fn read_cache(shopper_id: &str) -> Option<Quota> {
    let stored: String = BrowserStorage::get(cache_key(shopper_id)).ok()?;
    // The cache went through the same checks when it was saved; a copy damaged since
    // then is dropped rather than shown.
    crate::api::parse_quota(&stored)
        .ok()
        .filter(|quota| quota.shopper_id == shopper_id)
}

fn write_cache(quota: &Quota) {
    let stored = match serde_json::to_string(quota) {
        Ok(stored) => stored,
        Err(error) => {
            leptos::logging::warn!("quota of shopper {} not cached: {error}", quota.shopper_id);
            return;
        }
    };
    if let Err(error) = BrowserStorage::set(cache_key(&quota.shopper_id), stored) {
        leptos::logging::warn!("quota of shopper {} not cached: {error}", quota.shopper_id);
    }
}
