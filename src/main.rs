fn main() {
    console_error_panic_hook::set_once();
    cbec_check::mount_app(
        leptos::prelude::document()
            .body()
            .expect("the page has a <body>"),
    );
}
